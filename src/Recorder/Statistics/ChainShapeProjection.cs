using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Statistics;

/// <summary>Keeps the <see cref="ChainShapeStatistics"/>: runs in Marten's async daemon, and counts each session once,
/// whole, when the event that ends it arrives.</summary>
/// <remarks>
/// <para>Why at the session's end: a statement's frames may span two <see cref="FrameBatch"/> events, and a chain depends
/// on everything before it in its session (role descriptors, prepared statements, the open transaction), so counting
/// batch by batch would mean keeping the replayer's whole per-session state between daemon pages. The end of a session
/// (a batch whose facts say <see cref="FrameBatchFacts.Ended"/>, or a per-frame <see cref="SessionEnded"/>, which is also
/// the Recorder's abnormal end) is the one point where every frame of the session is committed, so the projection
/// replays the session's stream from the store there, with the same <see cref="RecordedSessionReader"/> a replay uses.
/// The price: a session still running is not counted yet.</para>
/// <para>Exactly once: the documents are written in the transaction that moves the projection's progress past the
/// ending event, so a retried or concurrent daemon page either commits both or neither; a rebuild deletes the
/// documents first.</para>
/// </remarks>
public sealed class ChainShapeProjection : IProjection
{
    /// <inheritdoc />
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        var ended = EndedSessions(events);
        if (ended.Count == 0)
        {
            return;
        }

        var reader = new RecordedSessionReader(operations.DocumentStore);
        var added = new Dictionary<string, ChainShapeStatistics>(StringComparer.Ordinal);
        foreach (var session in ended)
        {
            IReadOnlyList<ChainShapeStatistics> shapes;
            try
            {
                shapes = await SessionShapes.CountAsync(session, reader.ReadEventsAsync(session, cancellation), cancellation);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not Npgsql.NpgsqlException)
            {
                // A stream that cannot be read or replayed (changed by something other than the Recorder, or frames
                // missing) is left out of the statistics rather than stopping them for every session after it; a
                // replay of it reports the error. Store errors propagate: the daemon retries them.
                continue;
            }

            foreach (var shape in shapes)
            {
                added[shape.Id] = ShapeStatisticsMerge.Merge(added.GetValueOrDefault(shape.Id), shape);
            }
        }

        var stored = (await operations.LoadManyAsync<ChainShapeStatistics>(cancellation, added.Keys))
            .ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var shape in added.Values)
        {
            operations.Store(ShapeStatisticsMerge.Merge(stored.GetValueOrDefault(shape.Id), shape));
        }
    }

    /// <summary>The sessions that <paramref name="events"/> end, in order, each once.</summary>
    public static IReadOnlyList<string> EndedSessions(IReadOnlyList<IEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ended = new List<string>();
        foreach (var e in events)
        {
            var ends = e.Data switch
            {
                FrameBatch batch => batch.Facts.Ended,
                SessionEnded => true,
                _ => false,
            };
            if (ends && e.StreamKey is { } session && !ended.Contains(session, StringComparer.Ordinal))
            {
                ended.Add(session);
            }
        }

        return ended;
    }
}
