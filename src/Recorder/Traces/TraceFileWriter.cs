using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using MessagePack;
using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Traces;

/// <summary>Writes a trace file (TRACE.md): a header, then checksummed DEFLATE blocks of records, one session's records
/// per block.</summary>
/// <remarks>Call <see cref="BeginSession"/>, then the session's batches and events in stream order, then
/// <see cref="EndSessionAsync"/>; after the last session <see cref="CompleteAsync"/>. A file without its final
/// <c>trace-end</c> record is refused by readers, so an interrupted export never passes for a complete one.</remarks>
public sealed class TraceFileWriter
{
    private readonly Stream output;
    private ArrayBufferWriter<byte> records = new();
    private string? session;
    private long sessionFrames;
    private int sessions;

    private TraceFileWriter(Stream output)
    {
        this.output = output;
    }

    /// <summary>Starts a trace on <paramref name="output"/> by writing its header.</summary>
    /// <param name="createdAt">When the trace was made (from the caller's <see cref="TimeProvider"/>).</param>
    /// <param name="producer">What made it, such as <c>tracelab 0.4</c>.</param>
    public static async Task<TraceFileWriter> StartAsync(
        Stream output, DateTimeOffset createdAt, string producer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var header = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(header);
        w.WriteArrayHeader(4);
        w.Write(TraceFormat.Magic);
        w.Write(TraceFormat.Version);
        w.Write(createdAt.ToString("O", CultureInfo.InvariantCulture));
        w.Write(producer);
        w.Flush();
        await output.WriteAsync(header.WrittenMemory, cancellationToken);
        return new TraceFileWriter(output);
    }

    /// <summary>Starts the records of a session.</summary>
    public void BeginSession(RecordedSessionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (session is not null)
        {
            throw new InvalidOperationException($"Session \"{session}\" was not ended.");
        }

        session = summary.SessionId;
        sessionFrames = 0;
        Record((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write(TraceFormat.Records.Session);
            w.Write(summary.SessionId);
            w.Write(TraceJson.Summary(summary));
        });
    }

    /// <summary>Adds a stored batch of frames, as stored.</summary>
    public Task WriteBatchAsync(FrameBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        RequireSession();
        sessionFrames += batch.FrameCount;
        Record((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(5);
            w.Write(TraceFormat.Records.Batch);
            w.Write(batch.FirstSeq);
            w.Write(batch.LastSeq);
            w.Write(batch.FrameCount);
            w.Write(batch.Frames);
        });
        return FlushIfFullAsync(cancellationToken);
    }

    /// <summary>Adds an event stored one per frame.</summary>
    public Task WriteEventAsync(IRecordedFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        RequireSession();
        sessionFrames++;
        var (type, json) = TraceJson.Frame(frame);
        Record((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write(TraceFormat.Records.Event);
            w.Write(type);
            w.Write(json);
        });
        return FlushIfFullAsync(cancellationToken);
    }

    /// <summary>Ends the current session's records and writes its last block.</summary>
    public async Task EndSessionAsync(CancellationToken cancellationToken = default)
    {
        RequireSession();
        var frames = sessionFrames;
        Record((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write(TraceFormat.Records.SessionEnd);
            w.Write(frames);
        });
        await FlushAsync(cancellationToken);
        session = null;
        sessions++;
    }

    /// <summary>Writes the final record and flushes the output.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (session is not null)
        {
            throw new InvalidOperationException($"Session \"{session}\" was not ended.");
        }

        var count = sessions;
        Record((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write(TraceFormat.Records.TraceEnd);
            w.Write(count);
        });
        await FlushAsync(cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private void RequireSession()
    {
        if (session is null)
        {
            throw new InvalidOperationException("No session was begun.");
        }
    }

    private delegate void RecordWriter(ref MessagePackWriter writer);

    private void Record(RecordWriter write)
    {
        var w = new MessagePackWriter(records);
        write(ref w);
        w.Flush();
    }

    private Task FlushIfFullAsync(CancellationToken cancellationToken) =>
        records.WrittenCount >= TraceFormat.BlockTarget ? FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Writes the buffered records as one block: <c>[crc32, codec, length, bin deflated]</c>.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (records.WrittenCount == 0)
        {
            return;
        }

        using var deflated = new MemoryStream();
        await using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
        {
            await deflate.WriteAsync(records.WrittenMemory, cancellationToken);
        }

        var payload = deflated.GetBuffer().AsMemory(0, (int)deflated.Length);
        var block = new ArrayBufferWriter<byte>(payload.Length + 32);
        var w = new MessagePackWriter(block);
        w.WriteArrayHeader(4);
        w.Write(Crc32.HashToUInt32(payload.Span));
        w.Write(TraceFormat.DeflateCodec);
        w.Write(records.WrittenCount);
        w.Write(payload.Span);
        w.Flush();
        await output.WriteAsync(block.WrittenMemory, cancellationToken);
        records = new ArrayBufferWriter<byte>();
    }
}
