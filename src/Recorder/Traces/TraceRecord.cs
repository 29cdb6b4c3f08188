using System.Buffers;
using MessagePack;
using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Traces;

/// <summary>One record of a trace block (TRACE.md "Records").</summary>
/// <param name="Kind">One of <see cref="TraceFormat.Records"/>.</param>
/// <param name="SessionId">For a <c>session</c> record, the session it starts.</param>
/// <param name="Summary">For a <c>session</c> record, the session's summary.</param>
/// <param name="Item">For <c>batch</c> and <c>event</c> records, what the event store keeps: a <see cref="FrameBatch"/>
/// (its facts left empty: an importer works them out again) or a per-frame event (null for a type this build does not
/// know).</param>
/// <param name="Frames">Frames the record holds, or the count a <c>session-end</c> or <c>trace-end</c> record states.</param>
internal sealed record TraceRecord(string Kind, string? SessionId, RecordedSessionSummary? Summary, object? Item, long Frames)
{
    private static readonly FrameBatchFacts NoFacts = new(null, false, 0, 0, 0, new Dictionary<uint, string>());

    /// <summary>Every record of an inflated block payload.</summary>
    public static List<TraceRecord> ReadAll(string path, long offset, byte[] payload)
    {
        var records = new List<TraceRecord>();
        var r = new MessagePackReader(payload);
        try
        {
            while (!r.End)
            {
                records.Add(Read(ref r, path, offset));
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException
                                      or System.Text.Json.JsonException or NotSupportedException)
        {
            throw TraceFileException.Damaged(path, offset, $"Record {records.Count} of the block cannot be read: {e.Message}");
        }

        return records;
    }

    /// <summary>The head of the first record of a block, from a prefix of its inflated payload: its kind and, for a
    /// <c>session</c> or <c>trace-end</c> record, what an index of the file needs (the summary, the count). Returns
    /// null when the prefix ends before that, unless it is the whole payload.</summary>
    public static TraceRecord? ReadHead(string path, long offset, ReadOnlyMemory<byte> prefix, bool whole)
    {
        var r = new MessagePackReader(prefix);
        try
        {
            var count = r.ReadArrayHeader();
            var kind = r.ReadString() ?? "";
            switch (kind)
            {
                case TraceFormat.Records.Session when count >= 3:
                    var id = r.ReadString() ?? "";
                    var summary = TraceJson.ReadSummary(r.ReadString() ?? "null");
                    if (summary is null || summary.SessionId != id)
                    {
                        throw TraceFileException.Damaged(path, offset, $"The summary of session \"{id}\" names another session.");
                    }

                    return new TraceRecord(kind, id, summary, null, 0);
                case TraceFormat.Records.TraceEnd when count >= 2:
                    return new TraceRecord(kind, null, null, null, r.ReadInt64());
                default:
                    return new TraceRecord(kind, null, null, null, 0);
            }
        }
        catch (EndOfStreamException) when (!whole)
        {
            return null;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException
                                      or System.Text.Json.JsonException or NotSupportedException)
        {
            throw TraceFileException.Damaged(path, offset, $"The first record of the block cannot be read: {e.Message}");
        }
    }

    private static TraceRecord Read(ref MessagePackReader r, string path, long offset)
    {
        var count = r.ReadArrayHeader();
        var kind = r.ReadString() ?? "";
        TraceRecord record;
        switch (kind)
        {
            case TraceFormat.Records.Session when count >= 3:
                var id = r.ReadString() ?? "";
                var summary = TraceJson.ReadSummary(r.ReadString() ?? "null");
                if (summary is null || summary.SessionId != id)
                {
                    throw TraceFileException.Damaged(path, offset, $"The summary of session \"{id}\" names another session.");
                }

                record = new TraceRecord(kind, id, summary, null, 0);
                count -= 3;
                break;
            case TraceFormat.Records.Batch when count >= 5:
                var first = r.ReadInt64();
                var last = r.ReadInt64();
                var frames = r.ReadInt32();
                var bytes = r.ReadBytes() is { } b ? b.ToArray() : [];
                record = new TraceRecord(kind, null, null, new FrameBatch(first, last, frames, bytes, NoFacts), frames);
                count -= 5;
                break;
            case TraceFormat.Records.Event when count >= 3:
                var type = r.ReadString() ?? "";
                var frame = TraceJson.ReadFrame(type, r.ReadString() ?? "null");
                record = new TraceRecord(kind, null, null, frame, 1);
                count -= 3;
                break;
            case TraceFormat.Records.SessionEnd or TraceFormat.Records.TraceEnd when count >= 2:
                record = new TraceRecord(kind, null, null, null, r.ReadInt64());
                count -= 2;
                break;
            default:
                throw TraceFileException.Damaged(path, offset, $"A record of kind \"{kind}\" with {count} elements is not defined.");
        }

        // Elements a later version appends are skipped, as the spool's readers skip them.
        for (var i = 0; i < count; i++)
        {
            r.Skip();
        }

        return record;
    }
}
