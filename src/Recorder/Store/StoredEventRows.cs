using System.Runtime.CompilerServices;
using Marten;
using Npgsql;
using TraceLab.Events;
using TraceLab.Recorder.Frames;

namespace TraceLab.Store;

/// <summary>Reads one stream's events as the event store keeps them (<see cref="FrameBatch"/> and per-frame events),
/// in stream order, for <see cref="RecordedSessionReader.ReadEventsAsync"/>.</summary>
/// <remarks>
/// <para>Batches are nearly all of a stream written by this version, and reading them through Marten costs more than
/// replaying them: each row's JSON (the frames as base64, a megabyte for a large transaction) parsed on the reading
/// thread. So they are read with a plain command that takes the three numbers a batch needs and its frames' base64
/// text, leaving out the facts a listing uses. The four come from one <c>jsonb_each_text</c> of the row, one row per
/// field (<see cref="StoredBatchFields"/> gathers them): each <c>data->>'…'</c> would fetch and decompress the whole
/// stored value again, and <c>jsonb_to_record</c>, which reads them all at once too, copies the text twice more and
/// measures its length on the way (it goes through the text type's input function), which cost the server half again as
/// much as the rest of the query. The text comes as the bytes it is stored as (<c>textsend</c>) and is decoded here,
/// vectorized: <c>decode(…, 'base64')</c> in the server took it about as long as everything else it does for the query.
/// A row of any other type (per-frame events of streams written by earlier versions, the Recorder's abnormal end, marks
/// such as a quarantine), or a batch whose JSON lacks those fields, is read through Marten as before, in runs of
/// consecutive versions, so that every stored shape Marten can read still reads the same.</para>
/// <para>Rows are streamed, not buffered: at most one batch is held here. A batch comes as a
/// <see cref="PooledFrameBatch"/>, its frames in a buffer the reader hands back once they are decoded.</para>
/// </remarks>
internal static class StoredEventRows
{
    /// <summary>Marten's type name of <see cref="FrameBatch"/>: its default, the class name in snake_case (the stored
    /// contract, see <see cref="TraceLabStore"/>).</summary>
    private const string FrameBatchTypeName = "frame_batch";

    public static async IAsyncEnumerable<object> ReadAsync(
        IDocumentStore store, string sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var table = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        // Archived events are left out, as Marten's own event queries leave them out. An event that is no batch gets
        // one row with no field.
        await using var command = new NpgsqlCommand(
            $"""
             select e.version, f.key, textsend(f.value)
             from {table} e
                  left join lateral jsonb_each_text(case when e.type = '{FrameBatchTypeName}' then e.data end) as f(key, value)
                    on f.key in ({StoredBatchFields.FieldList})
             where e.stream_id = $1 and e.is_archived = false
             order by e.version
             """);
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        await using var rows = await session.ExecuteReaderAsync(command, cancellationToken);
        var fields = new StoredBatchFields();
        try
        {
            long? otherFrom = null;
            long otherTo = 0;
            long? version = null;
            while (true)
            {
                var more = await rows.ReadAsync(cancellationToken);
                var next = more ? rows.GetInt64(0) : (long?)null;
                if (version is { } done && next != done)
                {
                    // Every row of the event is read: it is a batch read straight, or an event Marten reads.
                    if (fields.Take() is not { } batch)
                    {
                        otherFrom ??= done;
                        otherTo = done;
                    }
                    else
                    {
                        if (otherFrom is { } from)
                        {
                            await foreach (var e in ReadThroughMartenAsync(store, sessionId, from, otherTo, cancellationToken))
                            {
                                yield return e;
                            }

                            otherFrom = null;
                        }

                        yield return batch;
                    }
                }

                if (!more)
                {
                    break;
                }

                version = next;
                if (!rows.IsDBNull(1) && !rows.IsDBNull(2))
                {
                    fields.Add(rows, 1, 2);
                }
            }

            if (otherFrom is { } rest)
            {
                await foreach (var e in ReadThroughMartenAsync(store, sessionId, rest, otherTo, cancellationToken))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            fields.Release();
        }
    }

    /// <summary>The events of versions <paramref name="from"/> to <paramref name="to"/> of the stream, deserialized by
    /// Marten, in a session of their own (the batches' command still has the other's connection).</summary>
    private static async IAsyncEnumerable<object> ReadThroughMartenAsync(
        IDocumentStore store, string sessionId, long from, long to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var query = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == sessionId && e.Version >= from && e.Version <= to)
            .OrderBy(e => e.Version);

        // Marten's own ToAsyncEnumerable streams rows; .NET 10's extension of the same name would bind to
        // IEnumerable<T> and run the query synchronously.
        await foreach (var e in Marten.QueryableExtensions.ToAsyncEnumerable(query, cancellationToken))
        {
            yield return e.Data;
        }
    }
}
