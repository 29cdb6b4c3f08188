using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;
using Marten.Events;
using TraceLab.Events;

namespace TraceLab.Store;

/// <summary>Reads recorded sessions back out of the event store: the listing and one session's events.</summary>
/// <remarks>Thread-safe; each call opens its own read-only Marten session.</remarks>
public sealed class RecordedSessionReader
{
    private static readonly Type[] SummaryEventTypes =
        [typeof(SessionStarted), typeof(SessionEnded), typeof(RoleDescribed), typeof(FramesDropped)];

    private readonly IDocumentStore store;

    /// <summary>Creates a reader over <paramref name="store"/>, configured by <see cref="TraceLabStore.Configure"/>.</summary>
    public RecordedSessionReader(IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.store = store;
    }

    /// <summary>Lists every recorded session, ordered by backend start and then session id.</summary>
    public async Task<IReadOnlyList<RecordedSessionSummary>> ListSessionsAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var counts = await ReadEventCountsAsync(session, null, cancellationToken);
        var facts = await ReadSummaryFactsAsync(session, null, cancellationToken);
        return [.. counts
            .Select(c => Summarize(c.Key, c.Value, facts.GetValueOrDefault(c.Key)))
            .OrderBy(s => s.BackendStart)
            .ThenBy(s => s.SessionId, StringComparer.Ordinal)];
    }

    /// <summary>Returns the summary of one session, or <see langword="null"/> when no stream has that id.</summary>
    public async Task<RecordedSessionSummary?> FindSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        await using var session = store.QuerySession();
        var counts = await ReadEventCountsAsync(session, sessionId, cancellationToken);
        if (!counts.TryGetValue(sessionId, out var count))
        {
            return null;
        }

        var facts = await ReadSummaryFactsAsync(session, sessionId, cancellationToken);
        return Summarize(sessionId, count, facts.GetValueOrDefault(sessionId));
    }

    /// <summary>Streams every event of one session in stream order (which is seq order).</summary>
    /// <remarks>Rows are read as they are enumerated, not buffered; an unknown session yields nothing (use
    /// <see cref="FindSessionAsync"/> to tell the two apart).</remarks>
    public async IAsyncEnumerable<IRecordedFrame> ReadEventsAsync(
        string sessionId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        await using var session = store.QuerySession();
        await store.Storage.Database.EnsureStorageExistsAsync(typeof(IEvent), cancellationToken);
        var query = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == sessionId)
            .OrderBy(e => e.Version);

        // Marten's own ToAsyncEnumerable streams rows; .NET 10's extension of the same name would bind to
        // IEnumerable<T> and run the query synchronously.
        await foreach (var e in Marten.QueryableExtensions.ToAsyncEnumerable(query, cancellationToken))
        {
            if (e.Data is IRecordedFrame frame)
            {
                yield return frame;
            }
        }
    }

    private static async Task<Dictionary<string, long>> ReadEventCountsAsync(
        IQuerySession session, string? sessionId, CancellationToken cancellationToken)
    {
        // A store nothing was recorded into yet has no event tables: create them (as any Marten use would) so that
        // reading an empty store lists no sessions instead of failing on a missing relation.
        await session.DocumentStore.Storage.Database.EnsureStorageExistsAsync(typeof(IEvent), cancellationToken);
        var table = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams";
        var rows = sessionId is null
            ? await session.AdvancedSql.QueryAsync<string, long>(
                $"select row(id), row(version) from {table}", cancellationToken)
            : await session.AdvancedSql.QueryAsync<string, long>(
                $"select row(id), row(version) from {table} where id = ?", cancellationToken, sessionId);
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, SessionFacts>> ReadSummaryFactsAsync(
        IQuerySession session, string? sessionId, CancellationToken cancellationToken)
    {
        var query = session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(SummaryEventTypes));
        if (sessionId is not null)
        {
            query = query.Where(e => e.StreamKey == sessionId);
        }

        var facts = new Dictionary<string, SessionFacts>(StringComparer.Ordinal);
        await foreach (var e in Marten.QueryableExtensions.ToAsyncEnumerable(query.OrderBy(e => e.Sequence), cancellationToken))
        {
            if (e.StreamKey is not { } key)
            {
                continue;
            }

            if (!facts.TryGetValue(key, out var f))
            {
                f = new SessionFacts();
                facts.Add(key, f);
            }

            f.Add(e);
        }

        return facts;
    }

    private static RecordedSessionSummary Summarize(string sessionId, long eventCount, SessionFacts? facts)
    {
        var started = facts?.Started;
        if (started is null)
        {
            var (pid, startUs) = ParseSessionId(sessionId);
            return new RecordedSessionSummary(sessionId, pid, FromUnixMicroseconds(startUs), "", "", "", "", eventCount,
                facts?.State ?? SessionState.Running, facts?.DroppedFrames ?? 0);
        }

        var user = facts?.RoleNames.GetValueOrDefault(started.SessionUserOid)
            ?? started.SessionUserOid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new RecordedSessionSummary(
            sessionId,
            started.Pid,
            FromUnixMicroseconds(started.BackendStartUs),
            started.Database,
            user,
            started.ApplicationName,
            started.BackendType,
            eventCount,
            facts?.State ?? SessionState.Running,
            facts?.DroppedFrames ?? 0);
    }

    private static (int Pid, long StartUs) ParseSessionId(string sessionId)
    {
        var dash = sessionId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && int.TryParse(sessionId.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(sessionId.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture, out var us)
            ? (pid, us)
            : (0, 0);
    }

    private static DateTimeOffset FromUnixMicroseconds(long microseconds)
    {
        // Clamped so that one session with a nonsensical start time cannot break the whole listing.
        var min = (DateTimeOffset.MinValue - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        var max = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        return DateTimeOffset.UnixEpoch.AddTicks(Math.Clamp(microseconds, min, max) * TimeSpan.TicksPerMicrosecond);
    }

    private sealed class SessionFacts
    {
        public SessionStarted? Started { get; private set; }

        public SessionState State { get; private set; }

        public long DroppedFrames { get; private set; }

        /// <summary>The first name described for each role: the name as it was when the session began.</summary>
        public Dictionary<uint, string> RoleNames { get; } = [];

        public void Add(IEvent e)
        {
            switch (e.Data)
            {
                case SessionStarted s:
                    Started ??= s;
                    break;
                case SessionEnded ended:
                    State = ended.Abnormal ? SessionState.EndedAbnormally : SessionState.Ended;
                    break;
                case FramesDropped dropped:
                    // Saturated, so that one nonsensical count cannot break the whole listing.
                    DroppedFrames = dropped.Count > long.MaxValue - DroppedFrames ? long.MaxValue : DroppedFrames + dropped.Count;
                    break;
                case RoleDescribed r:
                    RoleNames.TryAdd(r.RoleOid, r.Name);
                    break;
            }
        }
    }
}
