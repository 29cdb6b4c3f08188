using System.Runtime.CompilerServices;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Counterfactual;
using TraceLab.Replayer.Distributed;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Streaming;

namespace TraceLab.Replayer;

/// <summary>Replays recorded sessions under any number of policies in one pass, with counterfactual outcomes.</summary>
/// <remarks>
/// <para>
/// Each session's events are read once; every operation is rebuilt once and handed to every policy in the order
/// given, so policies are compared on exactly the same operations and chains. Each policy's outcome is its verdict,
/// or what an earlier block under the same policy would have made of the operation (<see cref="Outcome"/>; the rules
/// are in <c>src/Replayer/SEMANTICS.md</c>).
/// </para>
/// <para>
/// <see cref="RunAsync(IEnumerable{RecordedSession}, IReadOnlyList{IReportWriter}, ReplayOptions?, CancellationToken)"/>
/// streams: sessions one after another, each session's events straight from its source (read ahead on another thread
/// so reading and replaying overlap), every operation pushed to the writers as it is judged and then forgotten. Memory
/// is bounded by the live part of the provenance tree, the read-ahead and the shape limit, never by the trace.
/// <see cref="ReplayAsync(IEnumerable{RecordedSession}, CancellationToken)"/> collects the same operations into a
/// <see cref="ReplayReport"/>, for tests and short traces.
/// </para>
/// <para>Policies are pure, sessions are replayed in the order given and operations in seq order, and nothing depends
/// on a clock or on thread timing, so the same input always gives the same operations, outcomes, counts and shapes:
/// byte for byte once rendered.</para>
/// </remarks>
public sealed class ReplayEngine
{
    private readonly IPolicy[] policies;
    private readonly PolicyVerdict[][] allowed;
    private readonly LeaderSessionResolver? leaderResolver;

    /// <summary>An engine that evaluates <paramref name="policies"/>, in this order.</summary>
    /// <param name="policies">The policies.</param>
    /// <param name="leaderResolver">Names the leader session of a parallel worker in its chains (the CLI resolves it
    /// from the recorded sessions); without it the chains name the leader's pid.</param>
    /// <exception cref="ArgumentException">Two policies share a name (their verdicts would be indistinguishable).</exception>
    public ReplayEngine(IEnumerable<IPolicy> policies, LeaderSessionResolver? leaderResolver = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        this.leaderResolver = leaderResolver;
        this.policies = [.. policies];
        var duplicate = this.policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Policy name '{duplicate.Key}' is used more than once.", nameof(policies));
        }

        PolicyNames = [.. this.policies.Select(p => p.Name)];
        allowed = SessionReplay.AllowedVerdicts(this.policies);
    }

    /// <summary>The policies, in evaluation and report order.</summary>
    public IReadOnlyList<IPolicy> Policies => policies;

    /// <summary>The names of <see cref="Policies"/>.</summary>
    public IReadOnlyList<string> PolicyNames { get; }

    /// <summary>Asks every policy about one operation on its own: outcomes are the verdicts themselves, since there is
    /// no earlier operation that could have been blocked.</summary>
    public ReplayedOperation Evaluate(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var verdicts = new PolicyVerdict[policies.Length];
        for (var i = 0; i < policies.Length; i++)
        {
            verdicts[i] = PolicyVerdict.Of(policies[i].Name, policies[i].Evaluate(operation));
        }

        return new ReplayedOperation(operation, verdicts);
    }

    /// <summary>The operations of one session with their verdicts and outcomes, as the events stream in.</summary>
    public async IAsyncEnumerable<ReplayedOperation> StreamAsync(
        RecordedSession session,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var replay = new SessionReplay(session.SessionId, policies, allowed, leaderResolver);
        await foreach (var frame in session.Frames.WithCancellation(cancellationToken))
        {
            if (replay.Observe(frame) is { } replayed)
            {
                yield return replayed;
            }
        }

        if (replay.Flush() is { } last)
        {
            yield return last;
        }
    }

    /// <summary>Replays <paramref name="sessions"/> one after another, streaming every operation to
    /// <paramref name="writers"/>: <see cref="IReportWriter.BeginAsync"/> first, then each operation (for a diff, each
    /// differing one) in session and seq order, then <see cref="IReportWriter.EndAsync"/> with the counts and shapes.</summary>
    /// <param name="sessions">The sessions, in report order.</param>
    /// <param name="writers">Any number of report writers, called in this order; the caller disposes them.</param>
    /// <param name="options">Report kind, progress and bounds; <see cref="ReplayOptions.Default"/> when <c>null</c>.</param>
    /// <param name="cancellationToken">Stops the replay between two events.</param>
    /// <returns>The footer the writers received.</returns>
    /// <remarks>With a list of sessions, progress reports carry the session total, and the event total when every
    /// session states its <see cref="RecordedSession.EventCount"/>; the header names the sessions
    /// (<see cref="ReportHeader.Sessions"/>).</remarks>
    public Task<ReportFooter> RunAsync(
        IEnumerable<RecordedSession> sessions,
        IReadOnlyList<IReportWriter> writers,
        ReplayOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        int? sessionsTotal = null;
        long? eventsTotal = null;
        IReadOnlyList<string>? sessionIds = null;
        if (sessions is IReadOnlyCollection<RecordedSession> list)
        {
            sessionsTotal = list.Count;
            eventsTotal = list.All(s => s?.EventCount is not null) ? list.Sum(s => s.EventCount ?? 0) : null;
            sessionIds = list.All(s => s is not null) ? [.. list.Select(s => s.SessionId)] : null;
        }

        return RunAsync(sessions.ToAsyncEnumerable(), writers, options, sessionsTotal, eventsTotal, sessionIds, cancellationToken);
    }

    /// <summary>Replays sessions as they arrive from <paramref name="sessions"/>, streaming every operation to
    /// <paramref name="writers"/> (see the overload that takes a list).</summary>
    public Task<ReportFooter> RunAsync(
        IAsyncEnumerable<RecordedSession> sessions,
        IReadOnlyList<IReportWriter> writers,
        ReplayOptions? options = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(sessions, writers, options, null, null, null, cancellationToken);

    /// <summary>Replays <paramref name="sessions"/> one after another and collects the report.</summary>
    public async Task<ReplayReport> ReplayAsync(IEnumerable<RecordedSession> sessions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        return await ReplayAsync(sessions.ToAsyncEnumerable(), cancellationToken);
    }

    /// <summary>Replays <paramref name="sessions"/> one after another and collects the report.</summary>
    /// <remarks>Keeps every operation: for long traces use <see cref="RunAsync(IAsyncEnumerable{RecordedSession},
    /// IReadOnlyList{IReportWriter}, ReplayOptions?, CancellationToken)"/>.</remarks>
    public async Task<ReplayReport> ReplayAsync(
        IAsyncEnumerable<RecordedSession> sessions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var collector = new CollectingWriter();
        var footer = await RunAsync(sessions, [collector], ReplayOptions.Default, cancellationToken);
        return new ReplayReport(PolicyNames, collector.Operations, footer.Summary) { Shapes = footer.Shapes };
    }

    /// <summary>Replays one session on its own, as <see cref="RunAsync(IEnumerable{RecordedSession},
    /// IReadOnlyList{IReportWriter}, ReplayOptions?, CancellationToken)"/> replays it among others: every operation it
    /// gives the session, with the session's database and the number of its events.</summary>
    /// <remarks>
    /// <para>A session's replay depends on its own events, the policies and the <see cref="LeaderSessionResolver"/>
    /// only, never on the sessions replayed before it: a worker that replays one session of a distributed replay with an
    /// engine built like the coordinator's (same policies in the same order, a resolver over the same recorded sessions)
    /// gets exactly the operations a single-process replay gets for it. <see cref="AssembleAsync"/> turns the results
    /// into the report.</para>
    /// <para>Keeps the session's operations in memory (a result is stored whole). Several sessions may be replayed at
    /// once on one engine: each call has its own state, and the policies are safe to share.</para>
    /// </remarks>
    public async Task<SessionReplayResult> ReplaySessionAsync(RecordedSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var collector = new CollectingWriter();

        // Shapes are the coordinator's to tally, over every session: none are kept here.
        var options = ReplayOptions.Default with { MaxShapes = 0 };
        var report = new ReportAssembly(PolicyNames, [collector], options, 1, session.EventCount, [session.SessionId]);
        var run = new ReplayRun(policies, allowed, leaderResolver, report, options);
        var footer = await ReportAsync(report, run, new[] { session }.ToAsyncEnumerable(), cancellationToken);
        var database = footer.Summary.Sessions.Count > 0 ? footer.Summary.Sessions[0].Database : null;
        return new SessionReplayResult(session.SessionId, database, report.EventsReplayed, collector.Operations);
    }

    /// <summary>Writes the report of a replay whose sessions were replayed one by one elsewhere
    /// (<see cref="ReplaySessionAsync"/>): exactly the writer calls <see cref="RunAsync(IEnumerable{RecordedSession},
    /// IReadOnlyList{IReportWriter}, ReplayOptions?, CancellationToken)"/> makes over the same sessions, so every format
    /// prints the same bytes.</summary>
    /// <param name="results">The sessions' results, in report order (the order of <paramref name="sessionIds"/>).</param>
    /// <param name="writers">Any number of report writers, called in this order; the caller disposes them.</param>
    /// <param name="options">Report kind, progress and shape limit; <see cref="ReplayOptions.Default"/> when
    /// <c>null</c> (read-ahead does not apply).</param>
    /// <param name="sessionIds">The sessions of the report, as the header names them (and the progress total).</param>
    /// <param name="eventsTotal">The events of all sessions, when known (progress only).</param>
    /// <param name="cancellationToken">Stops the assembly between two operations.</param>
    /// <returns>The footer the writers received.</returns>
    /// <remarks>Progress is reported at the start, after each session and at the end, with the same figures as a
    /// single-process replay; the reports a single-process replay makes within a session are not made, as a result
    /// arrives whole.</remarks>
    /// <exception cref="ArgumentException">A result is not for the session <paramref name="sessionIds"/> names at its
    /// place, there are more or fewer results than sessions, or a result holds an operation of another session or
    /// judged under other policies than this engine's.</exception>
    public Task<ReportFooter> AssembleAsync(
        IAsyncEnumerable<SessionReplayResult> results,
        IReadOnlyList<IReportWriter> writers,
        ReplayOptions? options,
        IReadOnlyList<string> sessionIds,
        long? eventsTotal,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(sessionIds);
        var report = NewReport(writers, options ?? ReplayOptions.Default, sessionIds.Count, eventsTotal, sessionIds);
        return ResultAssembly.AssembleAsync(report, results, sessionIds, PolicyNames, cancellationToken);
    }

    private Task<ReportFooter> RunAsync(
        IAsyncEnumerable<RecordedSession> sessions,
        IReadOnlyList<IReportWriter> writers,
        ReplayOptions? options,
        int? sessionsTotal,
        long? eventsTotal,
        IReadOnlyList<string>? sessionIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        options ??= ReplayOptions.Default;
        var report = NewReport(writers, options, sessionsTotal, eventsTotal, sessionIds);
        return ReportAsync(report, new ReplayRun(policies, allowed, leaderResolver, report, options), sessions, cancellationToken);
    }

    /// <summary>The header, the replay of <paramref name="sessions"/>, the footer.</summary>
    private static async Task<ReportFooter> ReportAsync(
        ReportAssembly report, ReplayRun run, IAsyncEnumerable<RecordedSession> sessions, CancellationToken cancellationToken)
    {
        await report.BeginAsync(cancellationToken);
        await run.RunAsync(sessions, cancellationToken);
        return await report.EndAsync(cancellationToken);
    }

    private ReportAssembly NewReport(
        IReadOnlyList<IReportWriter> writers, ReplayOptions options, int? sessionsTotal, long? eventsTotal, IReadOnlyList<string>? sessionIds)
    {
        ArgumentNullException.ThrowIfNull(writers);
        if (writers.Any(w => w is null))
        {
            throw new ArgumentException("A report writer is null.", nameof(writers));
        }

        return new ReportAssembly(PolicyNames, writers, options, sessionsTotal, eventsTotal, sessionIds);
    }
}
