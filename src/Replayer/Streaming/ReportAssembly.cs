using System.Runtime.CompilerServices;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Replayer.Streaming;

/// <summary>Turns judged operations into a report: counts them per session, groups them by shape, hands them (for a
/// diff, the differing ones) to the writers, and reports progress.</summary>
/// <remarks>
/// <para>The one place a replay's report is put together, whether the operations come straight from a replay on this
/// process (<see cref="ReplayRun"/>) or from per-session results replayed elsewhere
/// (<see cref="ReplayEngine.AssembleAsync"/>): fed the same operations, sessions and event counts in the same order, it
/// makes the same writer calls, so both print the same bytes.</para>
/// <para>On the hot path of every replay: <see cref="Add"/> and <see cref="EventRead"/> allocate nothing and make no
/// virtual calls of their own (the writers are called through their interface, as always).</para>
/// </remarks>
internal sealed class ReportAssembly
{
    private readonly IReadOnlyList<string> policyNames;
    private readonly IReportWriter[] writers;
    private readonly ReplayOptions options;
    private readonly ReplaySummaryBuilder summary;
    private readonly ShapeTally shapes;
    private readonly int? sessionsTotal;
    private readonly long? eventsTotal;
    private readonly IReadOnlyList<string>? sessionIds;
    private readonly int interval;
    private int untilReport;
    private int sessionsDone;
    private long eventsRead;
    private long operations;
    private long written;

    public ReportAssembly(
        IReadOnlyList<string> policyNames,
        IReadOnlyList<IReportWriter> writers,
        ReplayOptions options,
        int? sessionsTotal,
        long? eventsTotal,
        IReadOnlyList<string>? sessionIds)
    {
        this.policyNames = policyNames;
        this.writers = [.. writers];
        this.options = options;
        this.sessionsTotal = sessionsTotal;
        this.eventsTotal = eventsTotal;
        this.sessionIds = sessionIds;
        summary = new ReplaySummaryBuilder(policyNames);
        shapes = new ShapeTally(policyNames, options.MaxShapes);
        interval = Math.Max(1, options.ProgressInterval);
        untilReport = interval;
    }

    /// <summary>Events replayed so far.</summary>
    public long EventsReplayed => eventsRead;

    /// <summary>Hands the header to the writers and reports that nothing is done yet.</summary>
    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        var header = new ReportHeader(options.Kind, policyNames, options.Expectations) { Sessions = sessionIds };
        foreach (var writer in writers)
        {
            await writer.BeginAsync(header, cancellationToken);
        }

        Report(null);
    }

    /// <summary>A session starts: it is listed in the summary even if it has no operations.</summary>
    public void BeginSession(string sessionId) => summary.Begin(sessionId);

    /// <summary>Counts an operation and hands it to the writers; returns the pending write, if one did not complete
    /// at once, so the per-operation path stays free of async machinery.</summary>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Task? Add(ReplayedOperation replayed, CancellationToken cancellationToken)
    {
        operations++;
        summary.Add(replayed);
        shapes.Add(replayed);
        if (options.Kind == ReportKind.Diff && !OutcomeDiff.Differs(replayed))
        {
            return null;
        }

        written++;
        for (var w = 0; w < writers.Length; w++)
        {
            var task = writers[w].WriteAsync(replayed, cancellationToken);
            if (!task.IsCompletedSuccessfully)
            {
                return w == writers.Length - 1 ? task : FinishAsync(task, replayed, w + 1, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>One event of <paramref name="sessionId"/> was replayed (after the operation it started, if any, was
    /// added): every <see cref="ReplayOptions.ProgressInterval"/> events, progress is reported.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EventRead(string sessionId)
    {
        eventsRead++;
        if (--untilReport == 0)
        {
            untilReport = interval;
            Report(sessionId);
        }
    }

    /// <summary><paramref name="count"/> events of a session replayed elsewhere, at once: they count towards the
    /// totals, but the progress reports that fell among them on the replaying process are not made here (how many
    /// operations came before each is not known).</summary>
    public void EventsRead(long count) => eventsRead += count;

    /// <summary>A session ended: its database (as its SessionStarted named it) goes into the summary, unless an
    /// operation named one already, and progress is reported.</summary>
    public void EndSession(string sessionId, string? database)
    {
        summary.SetDatabase(sessionId, database);
        sessionsDone++;
        Report(sessionId);
    }

    /// <summary>Reports the end and hands the footer (counts and shapes) to the writers.</summary>
    public async Task<ReportFooter> EndAsync(CancellationToken cancellationToken)
    {
        Report(null);
        var footer = new ReportFooter(summary.Build(), shapes.Build()) { OperationsWritten = written };
        foreach (var writer in writers)
        {
            await writer.EndAsync(footer, cancellationToken);
        }

        return footer;
    }

    private async Task FinishAsync(Task pending, ReplayedOperation replayed, int next, CancellationToken cancellationToken)
    {
        await pending;
        for (var w = next; w < writers.Length; w++)
        {
            await writers[w].WriteAsync(replayed, cancellationToken);
        }
    }

    private void Report(string? session) =>
        options.Progress?.Report(new ReplayProgress(sessionsDone, sessionsTotal, eventsRead, eventsTotal, operations, session));
}
