using TraceLab.Policies;
using TraceLab.Replayer.Counterfactual;
using TraceLab.Streaming;

namespace TraceLab.Replayer.Streaming;

/// <summary>One streaming replay: sessions one after another, every operation judged and handed to the
/// <see cref="ReportAssembly"/> (counts, shapes, writers, progress) as it comes.</summary>
/// <remarks>
/// Nothing here keeps operations: the summary keeps counters per session, the shapes at most
/// <see cref="ReplayOptions.MaxShapes"/> examples, and the session being replayed its live provenance state. With
/// read-ahead, reading and provenance building run ahead on threads of their own (bounded hand-offs, see
/// <see cref="Handoff"/>); judging, counting and writing stay here, in seq order. Writers are called in the order given,
/// one at a time, on one logical thread.
/// </remarks>
internal sealed class ReplayRun(
    IPolicy[] policies,
    PolicyVerdict[][] allowed,
    LeaderSessionResolver? leaderResolver,
    ReportAssembly report,
    ReplayOptions options)
{
    private ProvenanceStage? provenance;

    public async Task RunAsync(IAsyncEnumerable<RecordedSession> sessions, CancellationToken cancellationToken)
    {
        SessionReplay? replay = null;
        await foreach (var segment in Segments(sessions, cancellationToken))
        {
            var sessionId = segment.Session.SessionId;
            if (!ReferenceEquals(segment.Replay, replay))
            {
                replay = segment.Replay;
                report.BeginSession(sessionId);
            }

            var steps = segment.Steps;
            for (var i = 0; i < segment.Count; i++)
            {
                var replayed = segment.Replay.Judge(in steps[i]);
                if (replayed is not null)
                {
                    var write = report.Add(replayed, cancellationToken);
                    if (write is not null)
                    {
                        await write;
                    }
                }

                report.EventRead(sessionId);
            }

            provenance?.StepBuffers.Return(steps, segment.Count);
            if (segment.EndOfSession)
            {
                if (segment.Replay.Flush() is { } last)
                {
                    var write = report.Add(last, cancellationToken);
                    if (write is not null)
                    {
                        await write;
                    }
                }

                report.EndSession(sessionId, segment.Replay.Builder.Database);
                replay = null;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
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
}
