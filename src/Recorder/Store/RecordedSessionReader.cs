using JasperFx.Events;
using Marten;
using Marten.Events;
using TraceLab.Events;

namespace TraceLab.Store;

/// <summary>Reads recorded sessions back out of the event store: the listing and one session's events.</summary>
/// <remarks>Thread-safe; each call opens its own read-only Marten session.</remarks>
public sealed class RecordedSessionReader : IRecordedSessions
{
    private static readonly Type[] SummaryEventTypes =
        [typeof(SessionStarted), typeof(SessionEnded), typeof(RoleDescribed), typeof(FramesDropped)];

    /// <summary>The stream Marten appends tombstone events to when an append fails.</summary>
    private const string MartenTombstoneStream = "mt_tombstone";

    /// <summary>Stored events read ahead of the decoding: a batch is one transaction's frames, at most a few
    /// megabytes.</summary>
    private const int StoredEventsAhead = 2;

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
        var views = (await session.Query<RecordedSessionView>().ToListAsync(cancellationToken))
            .ToDictionary(v => v.Id, StringComparer.Ordinal);
        var facts = await ReadLegacyFactsAsync(session, counts, views, cancellationToken);
        return [.. counts
            .Select(c => Summarize(c.Key, c.Value, views.GetValueOrDefault(c.Key), facts.GetValueOrDefault(c.Key)))
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

        var view = await session.LoadAsync<RecordedSessionView>(sessionId, cancellationToken);
        var views = view is null ? [] : new Dictionary<string, RecordedSessionView>(StringComparer.Ordinal) { [sessionId] = view };
        var facts = await ReadLegacyFactsAsync(session, counts, views, cancellationToken);
        return Summarize(sessionId, count, view, facts.GetValueOrDefault(sessionId));
    }

    /// <summary>Streams every event of one session in stream order (which is seq order).</summary>
    /// <remarks>Rows are read as they are enumerated, not buffered; an unknown session yields nothing (use
    /// <see cref="FindSessionAsync"/> to tell the two apart). The rows are read on another thread, a few ahead of the
    /// enumeration, which decodes their frames: reading from the server and decoding overlap, as two stages of a
    /// replay's pipeline.</remarks>
    public IAsyncEnumerable<IRecordedFrame> ReadEventsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return new StoredFrameStream(
            token => StoredEventRows.ReadAsync(store, sessionId, token), StoredEventsAhead, cancellationToken);
    }

    private static async Task<Dictionary<string, long>> ReadEventCountsAsync(
        IQuerySession session, string? sessionId, CancellationToken cancellationToken)
    {
        // A store nothing was recorded into yet has no event tables: a store allowed to create them (the Recorder's)
        // does so, as any Marten use would, so that reading an empty store lists no sessions instead of failing on a
        // missing relation. A read-only store (TraceLabStore.CreateForReading) never creates anything: its user
        // checks TraceLabSchema first.
        if (session.DocumentStore.Options is not StoreOptions { AutoCreateSchemaObjects: JasperFx.AutoCreate.None })
        {
            await session.DocumentStore.Storage.Database.EnsureStorageExistsAsync(typeof(IEvent), cancellationToken);
        }

        var table = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams";
        // Marten's own tombstone stream (events of failed appends) is not a session.
        var rows = sessionId is null
            ? await session.AdvancedSql.QueryAsync<string, long>(
                $"select row(id), row(version) from {table} where id <> '{MartenTombstoneStream}'", cancellationToken)
            : await session.AdvancedSql.QueryAsync<string, long>(
                $"select row(id), row(version) from {table} where id = ?", cancellationToken, sessionId);
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    /// <summary>Facts of the streams whose view does not cover every event (streams written before views were kept),
    /// read from their per-frame events; batches are left out, their facts are in the view.</summary>
    private static async Task<Dictionary<string, SessionFacts>> ReadLegacyFactsAsync(
        IQuerySession session,
        Dictionary<string, long> versions,
        Dictionary<string, RecordedSessionView> views,
        CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, SessionFacts>(StringComparer.Ordinal);
        var legacy = versions
            .Where(v => !views.TryGetValue(v.Key, out var view) || view.EventsSeen < v.Value)
            .Select(v => v.Key)
            .ToList();
        if (legacy.Count == 0)
        {
            return facts;
        }

        var query = session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(SummaryEventTypes));
        if (legacy.Count == 1)
        {
            var only = legacy[0];
            query = query.Where(e => e.StreamKey == only);
        }

        var wanted = legacy.ToHashSet(StringComparer.Ordinal);
        await foreach (var e in Marten.QueryableExtensions.ToAsyncEnumerable(query.OrderBy(e => e.Sequence), cancellationToken))
        {
            if (e.StreamKey is not { } key || !wanted.Contains(key))
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

    /// <summary>One session's summary from its view and, for what the view does not cover, its per-frame events.</summary>
    /// <param name="version">The stream's version: how many events it holds.</param>
    private static RecordedSessionSummary Summarize(
        string sessionId, long version, RecordedSessionView? view, SessionFacts? legacy)
    {
        // Events the view did not apply are per-frame events (batches came with the view): one frame each.
        var frames = (view?.Frames ?? 0) + Math.Max(0, version - (view?.EventsSeen ?? 0));
        var state = view is { Quarantined: not null } ? SessionState.Quarantined
            : view is { Abnormal: true } || legacy?.State == SessionState.EndedAbnormally
            ? SessionState.EndedAbnormally
            : view is { Ended: true } || legacy?.State == SessionState.Ended ? SessionState.Ended : SessionState.Running;
        var dropped = view?.DroppedFrames ?? 0;
        var legacyDropped = legacy?.DroppedFrames ?? 0;
        dropped = FrameCounts.SaturatingAdd(dropped, legacyDropped);
        var started = legacy?.Started ?? view?.Started;
        var statements = view?.Statements ?? 0;
        DateTimeOffset? lastFrame = view is { LastTimestampUs: > 0 } ? FromUnixMicroseconds(view.LastTimestampUs) : null;
        if (started is null)
        {
            // A stream without its SessionStarted (yet): what the id says about the backend and its server.
            var id = SessionId.TryParse(sessionId, out var parsed) ? parsed : new SessionId(0, 0);
            return new RecordedSessionSummary(sessionId, id.Pid, FromUnixMicroseconds(id.BackendStartUs), "", "", "", "",
                frames, state, dropped, id.SystemIdentifier ?? 0, statements, lastFrame);
        }

        var user = legacy?.RoleNames.GetValueOrDefault(started.SessionUserOid)
            ?? view?.RoleNames.GetValueOrDefault(started.SessionUserOid)
            ?? started.SessionUserOid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new RecordedSessionSummary(
            sessionId,
            started.Pid,
            FromUnixMicroseconds(started.BackendStartUs),
            started.Database,
            user,
            started.ApplicationName,
            started.BackendType,
            frames,
            state,
            dropped,
            started.SystemIdentifier,
            statements,
            lastFrame);
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
                    DroppedFrames = FrameCounts.SaturatingAdd(DroppedFrames, dropped.Count);
                    break;
                case RoleDescribed r:
                    RoleNames.TryAdd(r.RoleOid, r.Name);
                    break;
            }
        }
    }
}
