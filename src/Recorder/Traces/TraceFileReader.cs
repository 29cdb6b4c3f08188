using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using MessagePack;
using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Store;

namespace TraceLab.Traces;

/// <summary>Reads a trace file (TRACE.md): the recorded sessions it holds, with no database.</summary>
/// <remarks>
/// <see cref="OpenAsync"/> reads the whole file once, checking every block's checksum, and keeps where each session's
/// blocks are; a session's events are then read from its blocks on demand. A file that is damaged, truncated (no final
/// <c>trace-end</c> record), of another format or of another version is refused as a whole with a
/// <see cref="TraceFileException"/>: a replay never runs on part of a trace without saying so. Opening inflates only
/// the start of each block (its first record says whether it starts a session), so that a block is inflated in full
/// once, when its session is read; the checks that need every record (counts, order) are made then, and a file whose
/// checksums all match fails them only if its writer was wrong.
/// </remarks>
public sealed class TraceFileReader : IRecordedSessions
{
    private readonly string path;
    private readonly Dictionary<string, TracedSession> sessions;

    private TraceFileReader(string path, string createdAt, string producer, Dictionary<string, TracedSession> sessions)
    {
        this.path = path;
        CreatedAt = createdAt;
        Producer = producer;
        this.sessions = sessions;
    }

    /// <summary>When the trace was written, as its header says (ISO 8601).</summary>
    public string CreatedAt { get; }

    /// <summary>What wrote it, as its header says.</summary>
    public string Producer { get; }

    /// <summary>Reads and checks the whole file.</summary>
    /// <exception cref="TraceFileException">The file cannot be read, or is not a complete trace of this version.</exception>
    public static async Task<TraceFileReader> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            await using var file = OpenFile(path);
            await CheckMagicAsync(path, file, cancellationToken);
            using var stream = new MessagePackStreamReader(file);
            var header = await stream.ReadAsync(cancellationToken)
                ?? throw TraceFileException.Damaged(path, 0, "The file is empty or ends inside its header.");
            var (createdAt, producer) = ReadHeader(path, header);
            var offset = header.Length;
            var index = new Index(path);
            while (await stream.ReadAsync(cancellationToken) is { } block)
            {
                if (index.Complete)
                {
                    throw TraceFileException.Damaged(path, offset, "Bytes follow the trace-end record.");
                }

                index.Add(FirstRecord(path, offset, block), offset, block.Length);

                offset += block.Length;
            }

            if (!index.Complete)
            {
                throw new TraceFileException(
                    $"trace file \"{path}\" is incomplete",
                    string.Create(CultureInfo.InvariantCulture,
                        $"It ends at byte offset {offset} without its trace-end record, after {index.Sessions.Count} sessions."),
                    "The export that wrote it was interrupted: export the sessions again.");
            }

            return new TraceFileReader(path, createdAt, producer, index.Sessions);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceFileException($"could not read trace file \"{path}\"", e.Message, null, e);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordedSessionSummary>> ListSessionsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RecordedSessionSummary>>([.. sessions.Values
            .Select(s => s.Summary)
            .OrderBy(s => s.BackendStart)
            .ThenBy(s => s.SessionId, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public async IAsyncEnumerable<IRecordedFrame> ReadEventsAsync(
        string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var frames = new StoredFrameSequence();
        await foreach (var item in ReadStoredAsync(sessionId, cancellationToken))
        {
            foreach (var frame in frames.Next(item))
            {
                yield return frame;
            }
        }

        foreach (var frame in frames.End())
        {
            yield return frame;
        }
    }

    /// <summary>A session's events as the event store keeps them: <see cref="FrameBatch"/> and per-frame events.</summary>
    public async IAsyncEnumerable<object> ReadStoredAsync(
        string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        if (!sessions.TryGetValue(sessionId, out var session))
        {
            yield break;
        }

        await using var file = OpenFile(path);
        long frames = 0;
        var ended = false;
        foreach (var (offset, length) in session.Blocks)
        {
            file.Seek(offset, SeekOrigin.Begin);
            var bytes = new byte[length];
            await file.ReadExactlyAsync(bytes, cancellationToken);
            foreach (var record in Records(path, offset, new ReadOnlySequence<byte>(bytes)))
            {
                if (ended)
                {
                    throw TraceFileException.Damaged(path, offset, $"Records follow the session-end record of session \"{sessionId}\".");
                }

                switch (record.Kind)
                {
                    case TraceFormat.Records.Session when record.SessionId == sessionId && frames == 0:
                        break;
                    case TraceFormat.Records.Session or TraceFormat.Records.TraceEnd:
                        throw TraceFileException.Damaged(path, offset,
                            $"Session \"{sessionId}\" holds a {record.Kind} record before its session-end record.");
                    case TraceFormat.Records.SessionEnd:
                        if (record.Frames != frames)
                        {
                            throw TraceFileException.Damaged(path, offset,
                                $"A session-end record counts {record.Frames} frames where its session holds {frames}.");
                        }

                        ended = true;
                        break;
                    default:
                        frames += record.Frames;
                        if (record.Item is not null)
                        {
                            yield return record.Item;
                        }

                        break;
                }
            }
        }

        if (!ended)
        {
            throw TraceFileException.Damaged(path, session.Blocks[^1].Offset, $"Session \"{sessionId}\" has no session-end record.");
        }
    }

    private static FileStream OpenFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new TraceFileException($"trace file \"{path}\" does not exist", null,
                "Write one with \"tracelab export SESSION... -o FILE\".");
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
    }

    /// <summary>Tells a file that is something else (a text file, a spool file) from a damaged trace by its first
    /// bytes: a trace starts with an array whose first element is the string <c>tracelab-trace</c>. A file that starts
    /// so and breaks off later is a damaged trace. Leaves <paramref name="file"/> at its start.</summary>
    private static async Task CheckMagicAsync(string path, FileStream file, CancellationToken cancellationToken)
    {
        var start = new byte[32];
        var read = await file.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken);
        file.Seek(0, SeekOrigin.Begin);
        if (read == 0)
        {
            return;
        }

        // The header is an array (of any length, for later versions) whose first element is the magic string.
        var skip = start[0] switch
        {
            >= 0x90 and <= 0x9f => 1,
            0xdc => 3,
            0xdd => 5,
            _ => -1,
        };
        var magic = System.Text.Encoding.ASCII.GetBytes(TraceFormat.Magic);
        byte[][] forms = [[(byte)(0xa0 | magic.Length), .. magic], [0xd9, (byte)magic.Length, .. magic]];
        if (skip < 0)
        {
            throw TraceFileException.NotATraceFile(path);
        }

        // Compared over the bytes the file has: a trace cut inside its magic is damaged, not something else.
        var rest = start.AsSpan(Math.Min(skip, read), read - Math.Min(skip, read));
        foreach (var form in forms)
        {
            var n = Math.Min(form.Length, rest.Length);
            if (form.AsSpan(0, n).SequenceEqual(rest[..n]))
            {
                return;
            }
        }

        throw TraceFileException.NotATraceFile(path);
    }

    private static (string CreatedAt, string Producer) ReadHeader(string path, ReadOnlySequence<byte> header)
    {
        try
        {
            var r = new MessagePackReader(header);
            var count = r.ReadArrayHeader();
            if (count < 4 || r.NextMessagePackType != MessagePackType.String || r.ReadString() != TraceFormat.Magic)
            {
                throw TraceFileException.NotATraceFile(path);
            }

            var version = r.ReadInt32();
            if (version != TraceFormat.Version)
            {
                throw new TraceFileException(
                    $"trace file \"{path}\" has format version {version.ToString(CultureInfo.InvariantCulture)}",
                    $"This TraceLab reads version {TraceFormat.Version.ToString(CultureInfo.InvariantCulture)}.",
                    "Read it with the TraceLab version that wrote it, or export the sessions again with this one.");
            }

            return (r.ReadString() ?? "", r.ReadString() ?? "");
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException
                                      or InvalidOperationException)
        {
            throw TraceFileException.Damaged(path, 0, $"The header cannot be read: {e.Message}");
        }
    }

    /// <summary>The records of one block, after checking its checksum and inflating it.</summary>
    private static List<TraceRecord> Records(string path, long offset, ReadOnlySequence<byte> block)
    {
        var (compressed, length) = CheckedBlock(path, offset, block);
        return TraceRecord.ReadAll(path, offset, Inflate(path, offset, compressed, length));
    }

    /// <summary>The head of a block's first record (<see cref="TraceRecord.ReadHead"/>), after checking the block's
    /// checksum, from as little of its payload inflated as that takes.</summary>
    private static TraceRecord FirstRecord(string path, long offset, ReadOnlySequence<byte> block)
    {
        var (compressed, length) = CheckedBlock(path, offset, block);
        if (length == 0)
        {
            throw TraceFileException.Damaged(path, offset, "A block holds no records.");
        }

        try
        {
            using var inflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
            var prefix = new byte[Math.Min(length, 4096)];
            var filled = 0;
            while (true)
            {
                filled += inflate.ReadAtLeast(prefix.AsSpan(filled), prefix.Length - filled, throwOnEndOfStream: false);
                var whole = filled == length || filled < prefix.Length;
                if (TraceRecord.ReadHead(path, offset, prefix.AsMemory(0, filled), whole) is { } head)
                {
                    return head;
                }

                Array.Resize(ref prefix, (int)Math.Min(length, prefix.Length * 2L));
            }
        }
        catch (InvalidDataException e)
        {
            throw TraceFileException.Damaged(path, offset, $"The block does not inflate: {e.Message}");
        }
    }

    /// <summary>A block's compressed payload and declared inflated length, once its header and checksum are checked.</summary>
    private static (byte[] Compressed, int Length) CheckedBlock(string path, long offset, ReadOnlySequence<byte> block)
    {
        try
        {
            var r = new MessagePackReader(block);
            if (r.ReadArrayHeader() != 4)
            {
                throw TraceFileException.Damaged(path, offset, "A block is not [crc, codec, length, payload].");
            }

            var crc = r.ReadUInt32();
            var codec = r.ReadInt32();
            var length = r.ReadInt32();
            var compressed = r.ReadBytes() ?? throw TraceFileException.Damaged(path, offset, "A block has no payload.");
            if (codec != TraceFormat.DeflateCodec)
            {
                throw TraceFileException.Damaged(path, offset,
                    $"The block's codec is {codec.ToString(CultureInfo.InvariantCulture)}; only DEFLATE ({TraceFormat.DeflateCodec}) is defined.");
            }

            if (length is < 0 or > TraceFormat.MaxPayload || compressed.Length > TraceFormat.MaxPayload)
            {
                throw TraceFileException.Damaged(path, offset, "The block is larger than a block may be.");
            }

            var bytes = compressed.ToArray();
            var actual = Crc32.HashToUInt32(bytes);
            if (actual != crc)
            {
                throw TraceFileException.Damaged(path, offset,
                    string.Create(CultureInfo.InvariantCulture, $"The block's checksum is {crc:x8}, its bytes give {actual:x8}."));
            }

            return (bytes, length);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw TraceFileException.Damaged(path, offset, $"A block cannot be read: {e.Message}");
        }
    }

    private static byte[] Inflate(string path, long offset, byte[] compressed, int length)
    {
        var payload = new byte[length];
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
            inflate.ReadExactly(payload);
            if (inflate.ReadByte() != -1)
            {
                throw TraceFileException.Damaged(path, offset, "The block inflates to more bytes than it declares.");
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw TraceFileException.Damaged(path, offset, $"The block does not inflate: {e.Message}");
        }

        return payload;
    }

    /// <summary>Where each session's blocks are, built from the first record of each block while the file is read
    /// once: a session's records start a block (the writer flushes the block before at each session's end), so a block
    /// that starts with a <c>session</c> record starts a session and any other continues the one before.</summary>
    private sealed class Index(string path)
    {
        private TracedSession? current;

        public Dictionary<string, TracedSession> Sessions { get; } = new(StringComparer.Ordinal);

        public bool Complete { get; private set; }

        public void Add(TraceRecord first, long offset, long length)
        {
            switch (first.Kind)
            {
                case TraceFormat.Records.Session:
                    if (first.Summary is null || Sessions.ContainsKey(first.Summary.SessionId))
                    {
                        throw TraceFileException.Damaged(path, offset,
                            $"Session \"{first.Summary?.SessionId}\" starts a second time.");
                    }

                    current = new TracedSession(first.Summary);
                    Sessions.Add(first.Summary.SessionId, current);
                    current.Blocks.Add((offset, length));
                    break;
                case TraceFormat.Records.TraceEnd:
                    if (first.Frames != Sessions.Count)
                    {
                        throw TraceFileException.Damaged(path, offset,
                            $"The trace-end record counts {first.Frames} sessions where the file holds {Sessions.Count}.");
                    }

                    current = null;
                    Complete = true;
                    break;
                default:
                    if (current is null)
                    {
                        throw TraceFileException.Damaged(path, offset, "Events appear outside any session.");
                    }

                    current.Blocks.Add((offset, length));
                    break;
            }
        }
    }

    private sealed class TracedSession(RecordedSessionSummary summary)
    {
        public RecordedSessionSummary Summary { get; } = summary;

        public List<(long Offset, long Length)> Blocks { get; } = [];
    }
}
