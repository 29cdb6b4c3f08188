namespace TraceLab.Events;

/// <summary>Consecutive probe frames of one session, stored as one event: the frames exactly as the probe wrote them.</summary>
/// <remarks>
/// <para>One event store row per frame costs about ten times the bytes the frame needed in the spool file (the row's
/// own columns alone outweigh a typical frame), and one insert per frame is the ingest's bottleneck. So the Recorder
/// appends the frames of consecutive spool blocks as one <see cref="FrameBatch"/>, and readers
/// (<c>RecordedSessionReader.ReadEventsAsync</c>) hand them out one typed event per frame again: what a replay sees does
/// not depend on how the frames were stored. Streams written before batches (one event per frame) read the same.</para>
/// <para>The frames are decoded again on every read by the same decoder the Recorder used when it ingested them, so a
/// batch holds nothing the spool did not.</para>
/// </remarks>
/// <param name="FirstSeq">The seq of the first frame of a known type in the batch.</param>
/// <param name="LastSeq">The seq of the last such frame.</param>
/// <param name="FrameCount">The frames of known types: the events a reader gets from the batch.</param>
/// <param name="Frames">The spool blocks' payloads, concatenated: MessagePack frames in the encoding of
/// src/Recorder/Probe/FORMAT.md.</param>
/// <param name="Facts">What listing sessions needs from these frames, so that a listing never decodes them.</param>
public sealed record FrameBatch(long FirstSeq, long LastSeq, int FrameCount, byte[] Frames, FrameBatchFacts Facts);

/// <summary>The facts of a <see cref="FrameBatch"/> that a session's summary is made of.</summary>
/// <param name="Started">The batch's SessionStarted, when it holds one (the first batch of a stream does).</param>
/// <param name="Ended">The batch holds a SessionEnded.</param>
/// <param name="DroppedFrames">The sum of the counts of the batch's FramesDropped.</param>
/// <param name="Statements">Top-level statements started in the batch (StatementStarted at depth 0).</param>
/// <param name="LastTimestampUs">The timestamp of the batch's last frame, µs since the Unix epoch.</param>
/// <param name="RoleNames">The first name the batch describes for each role oid.</param>
public sealed record FrameBatchFacts(
    SessionStarted? Started,
    bool Ended,
    long DroppedFrames,
    long Statements,
    long LastTimestampUs,
    IReadOnlyDictionary<uint, string> RoleNames)
{
    /// <summary>Collects the facts of <paramref name="frames"/>, in stream order.</summary>
    public static FrameBatchFacts Of(IEnumerable<IRecordedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        SessionStarted? started = null;
        var ended = false;
        long dropped = 0;
        long statements = 0;
        long lastTimestamp = 0;
        var roles = new Dictionary<uint, string>();
        foreach (var frame in frames)
        {
            switch (frame)
            {
                case SessionStarted s:
                    started ??= s;
                    break;
                case SessionEnded:
                    ended = true;
                    break;
                case FramesDropped d:
                    dropped = FrameCounts.SaturatingAdd(dropped, Math.Max(d.Count, 0));
                    break;
                case StatementStarted { Frame.Depth: 0 }:
                    statements++;
                    break;
                case RoleDescribed r:
                    roles.TryAdd(r.RoleOid, r.Name);
                    break;
            }

            lastTimestamp = frame.Frame.TimestampUs;
        }

        return new FrameBatchFacts(started, ended, dropped, statements, lastTimestamp, roles);
    }
}
