using TraceLab.Events;

namespace TraceLab.Store;

/// <summary>What the listing of sessions shows of one stream, kept by <see cref="RecordedSessionViewProjection"/> in the
/// same transaction as the events it sums up, so listing sessions never reads their frames.</summary>
/// <remarks>Streams written before the view existed have none (or one that started late, see
/// <see cref="EventsSeen"/>); <see cref="RecordedSessionReader"/> reads their events for what the view lacks.</remarks>
public sealed record RecordedSessionView
{
    /// <summary>The stream key (the session id).</summary>
    public string Id { get; init; } = "";

    /// <summary>The session's SessionStarted, once ingested.</summary>
    public SessionStarted? Started { get; init; }

    /// <summary>Whether the stream has a SessionEnded.</summary>
    public bool Ended { get; init; }

    /// <summary>Whether that end is the Recorder's abnormal one.</summary>
    public bool Abnormal { get; init; }

    /// <summary>The spool file was quarantined (<see cref="SpoolFileQuarantined"/>); null when not.</summary>
    public SpoolFileQuarantined? Quarantined { get; init; }

    /// <summary>Frames recorded: one per per-frame event, <see cref="FrameBatch.FrameCount"/> per batch.</summary>
    public long Frames { get; init; }

    /// <summary>Stream events this view has applied: less than the stream's version when the stream began before the
    /// view was kept.</summary>
    public long EventsSeen { get; init; }

    /// <summary>Frames the probe reported lost (FramesDropped).</summary>
    public long DroppedFrames { get; init; }

    /// <summary>Top-level statements started.</summary>
    public long Statements { get; init; }

    /// <summary>The timestamp of the last frame, µs since the Unix epoch.</summary>
    public long LastTimestampUs { get; init; }

    /// <summary>The first name recorded for each role oid.</summary>
    public IReadOnlyDictionary<uint, string> RoleNames { get; init; } = new Dictionary<uint, string>();

    /// <summary>This view with <paramref name="facts"/> of <paramref name="frames"/> more frames added.</summary>
    public RecordedSessionView Add(FrameBatchFacts facts, long frames)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var roles = RoleNames;
        if (facts.RoleNames.Keys.Any(k => !RoleNames.ContainsKey(k)))
        {
            var merged = new Dictionary<uint, string>(RoleNames);
            foreach (var (oid, name) in facts.RoleNames)
            {
                merged.TryAdd(oid, name);
            }

            roles = merged;
        }

        return this with
        {
            Started = Started ?? facts.Started,
            Ended = Ended || facts.Ended,
            Frames = Frames + frames,
            DroppedFrames = FrameCounts.SaturatingAdd(DroppedFrames, facts.DroppedFrames),
            Statements = Statements + facts.Statements,
            LastTimestampUs = Math.Max(LastTimestampUs, facts.LastTimestampUs),
            RoleNames = roles,
        };
    }
}
