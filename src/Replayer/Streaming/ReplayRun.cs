using TraceLab.Policies;
using TraceLab.Replayer.Counterfactual;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Shapes;
using TraceLab.Streaming;

namespace TraceLab.Replayer.Streaming;

/// <summary>One streaming replay: sessions one after another, every operation judged, counted, grouped by shape and
/// handed to the writers as it comes.</summary>
/// <remarks>
/// Nothing here keeps operations: the summary keeps counters per session, the shapes at most
/// <see cref="ReplayOptions.MaxShapes"/> examples, and the session being replayed its live provenance state. With
/// read-ahead, reading and provenance building run ahead on threads of their own (bounded hand-offs, see
/// <see cref="Handoff"/>); judging, counting and writing stay here, in seq order. Writers are called in the order given,
/// one at a time, on one logical thread.
/// </remarks>
internal sealed class ReplayRun
{
    private readonly IPolicy[] policies;
    private readonly IReadOnlyList<string> policyNames;
    private readonly PolicyVerdict[][] allowed;
    private readonly LeaderSessionResolver? leaderResolver;
    private readonly IReportWriter[] writers;
    private readonly ReplayOptions options;
    private readonly ReplaySummaryBuilder summary;
    private readonly ShapeTally shapes;
    private readonly int? sessionsTotal;
    private readonly long? eventsTotal;
    private readonly IReadOnlyList<string>? sessionIds;
    private int sessionsDone;
    private long eventsRead;
    private long operations;
    private long written;
    private ProvenanceStage? provenance;

    public ReplayRun(
        IPolicy[] policies,
        IReadOnlyList<string> policyNames,
        PolicyVerdict[][] allowed,
        LeaderSessionResolver? leaderResolver,
        IReadOnlyList<IReportWriter> writers,
        ReplayOptions options,
        int? sessionsTotal,
        long? eventsTotal,
        IReadOnlyList<string>? sessionIds)
    {
        this.policies = policies;
        this.policyNames = policyNames;
        this.allowed = allowed;
        this.leaderResolver = leaderResolver;
        this.writers = [.. writers];
        this.options = options;
        this.sessionsTotal = sessionsTotal;
        this.eventsTotal = eventsTotal;
        this.sessionIds = sessionIds;
        summary = new ReplaySummaryBuilder(policyNames);
        shapes = new ShapeTally(policyNames, options.MaxShapes);
    }

    public async Task<ReportFooter> RunAsync(IAsyncEnumerable<RecordedSession> sessions, CancellationToken cancellationToken)
    {
        var header = new ReportHeader(options.Kind, policyNames, options.Expectations) { Sessions = sessionIds };
        foreach (var writer in writers)
        {
            await writer.BeginAsync(header, cancellationToken);
        }

        Report(null);
        var interval = Math.Max(1, options.ProgressInterval);
        var untilReport = interval;
        SessionReplay? replay = null;
        await foreach (var segment in Segments(sessions, cancellationToken))
        {
            if (!ReferenceEquals(segment.Replay, replay))
            {
                replay = segment.Replay;
                summary.Begin(segment.Session.SessionId);
            }

            var steps = segment.Steps;
            for (var i = 0; i < segment.Count; i++)
            {
                var replayed = segment.Replay.Judge(in steps[i]);
                if (replayed is not null)
                {
                    var write = Count(replayed, cancellationToken);
                    if (write is not null)
                    {
                        await write;
                    }
                }

                eventsRead++;
                if (--untilReport == 0)
                {
                    untilReport = interval;
                    Report(segment.Session.SessionId);
                }
            }

            provenance?.StepBuffers.Return(steps, segment.Count);
            if (segment.EndOfSession)
            {
                if (segment.Replay.Flush() is { } last)
                {
                    var write = Count(last, cancellationToken);
                    if (write is not null)
                    {
                        await write;
                    }
                }

                summary.SetDatabase(segment.Session.SessionId, segment.Replay.Builder.Database);
                sessionsDone++;
                Report(segment.Session.SessionId);
                replay = null;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        Report(null);
        var footer = new ReportFooter(summary.Build(), shapes.Build()) { OperationsWritten = written };
        foreach (var writer in writers)
        {
            await writer.EndAsync(footer, cancellationToken);
        }

        return footer;
    }

    /// <summary>The sessions' frames read, their operations built: with read-ahead, reading and building each run on a
    /// thread of their own (three stages with judging and writing here); without, everything runs on this one.</summary>
    private IAsyncEnumerable<BuiltSegment> Segments(IAsyncEnumerable<RecordedSession> sessions, CancellationToken cancellationToken)
    {
        var stage = provenance = new ProvenanceStage(
            policies, allowed, leaderResolver, nameof(sessions), options.ReadAheadBatch, Math.Max(0, options.ReadAhead));
        return options.ReadAhead <= 0
            ? stage.BuildAsync(ReadAhead.Segments(sessions, 0, stage.FrameBuffers, cancellationToken), cancellationToken)
            : Handoff.OnAnotherThread(
                token => stage.BuildAsync(ReadAhead.Segments(sessions, options.ReadAhead, stage.FrameBuffers, token), token),
                options.ReadAhead,
                cancellationToken);
    }

    /// <summary>Counts an operation and hands it to the writers; returns the pending write, if one did not complete
    /// at once, so the per-operation path stays free of async machinery.</summary>
    private Task? Count(ReplayedOperation replayed, CancellationToken cancellationToken)
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
