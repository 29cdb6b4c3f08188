using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Replayer.Counterfactual;

namespace TraceLab.Replayer.Streaming;

/// <summary>The provenance half of a replay (<see cref="SessionReplay.Build"/>) over read-ahead segments, so that it
/// can run on a thread of its own between reading and judging.</summary>
/// <remarks>
/// Rebuilding operations and chains costs as much as reading and decoding the frames, and judging them under every
/// policy comes on top: as three stages (read, build, judge and write) a replay keeps both cores of a small machine busy.
/// Each session gets its <see cref="SessionReplay"/> here, and the judging stage uses the same one, so the two halves
/// of its state are each touched by one thread only. Steps keep the order of the frames; a null frame or a failing
/// build reaches the judge after the steps before it, as it would in a replay on one thread.
/// </remarks>
internal sealed class ProvenanceStage(
    IPolicy[] policies, PolicyVerdict[][] allowed, LeaderSessionResolver? leaderResolver, string nullFrameParameter, int batchSize,
    int segmentsAhead)
{
    /// <summary>The arrays of the segments read: handed back here once their frames are built into steps.</summary>
    public ArrayRecycler<IRecordedFrame> FrameBuffers { get; } = new(batchSize, segmentsAhead + 2);

    /// <summary>The arrays of the steps built: the judging stage hands them back once it has judged them.</summary>
    public ArrayRecycler<ReplayStep> StepBuffers { get; } = new(batchSize, segmentsAhead + 2);

    /// <summary>Builds the steps of <paramref name="segments"/>, one built segment per segment.</summary>
    public async IAsyncEnumerable<BuiltSegment> BuildAsync(
        IAsyncEnumerable<Segment> segments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RecordedSession? current = null;
        SessionReplay? replay = null;
        await foreach (var segment in segments.WithCancellation(cancellationToken))
        {
            if (!ReferenceEquals(segment.Session, current) || replay is null)
            {
                current = segment.Session;
                replay = new SessionReplay(current.SessionId, policies, allowed, leaderResolver);
            }

            var steps = segment.Count <= StepBuffers.Length ? StepBuffers.Rent() : new ReplayStep[segment.Count];
            var count = 0;
            ExceptionDispatchInfo? error = null;
            for (; count < segment.Count; count++)
            {
                try
                {
                    var frame = segment.Frames[count];
                    ArgumentNullException.ThrowIfNull(frame, nullFrameParameter);
                    steps[count] = replay.Build(frame);
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                    break;
                }
            }

            FrameBuffers.Return(segment.Frames, segment.Count);
            if (error is not null)
            {
                if (count > 0)
                {
                    yield return new BuiltSegment(current, replay, steps, count, false);
                }

                error.Throw();
            }

            yield return new BuiltSegment(current, replay, steps, count, segment.EndOfSession);
            if (segment.EndOfSession)
            {
                replay = null;
            }
        }
    }
}

/// <summary>Consecutive built steps of one session, with the session's replay; the last of a session says so.</summary>
internal sealed record BuiltSegment(RecordedSession Session, SessionReplay Replay, ReplayStep[] Steps, int Count, bool EndOfSession);
