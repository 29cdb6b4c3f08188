using TraceLab.Events;

namespace TraceLab.Replayer;

/// <summary>One recorded session to replay: its id and its events in seq order.</summary>
/// <param name="SessionId">The session id, the spool file's base name <c>pid-backendstartus</c> and the event
/// stream key; reports print it as given.</param>
/// <param name="Frames">The session's events, streamed in seq order (for example from the event store).</param>
public sealed record RecordedSession(string SessionId, IAsyncEnumerable<IRecordedFrame> Frames)
{
    /// <summary>How many events the session has, when the source knows (the event store's stream version); only
    /// progress reports use it, for an ETA.</summary>
    public long? EventCount { get; init; }

    /// <summary>A session whose events are already in memory.</summary>
    public static RecordedSession FromFrames(string sessionId, IEnumerable<IRecordedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return new RecordedSession(sessionId, frames.ToAsyncEnumerable())
        {
            EventCount = frames is IReadOnlyCollection<IRecordedFrame> collection ? collection.Count : null,
        };
    }

    /// <summary>The session id the probe gives the session that <paramref name="started"/> opens.</summary>
    public static string IdOf(SessionStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        return FormattableString.Invariant($"{started.Pid}-{started.BackendStartUs}");
    }
}
