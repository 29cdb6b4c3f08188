using TraceLab.Events;

namespace TraceLab.Replayer;

/// <summary>One recorded session to replay: its id and its events in seq order.</summary>
/// <param name="SessionId">The session id (<see cref="Events.SessionId"/>), the spool file's base name and the event
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

    /// <summary>The session id the probe gives the session that <paramref name="started"/> opens:
    /// <c>pid-start-server</c>, the stream key the Recorder stores it under.</summary>
    /// <remarks>A session recorded before ids named the server is stored under its <c>pid-start</c> id
    /// (<see cref="Events.SessionId.Backend"/>) instead.</remarks>
    public static string IdOf(SessionStarted started) => Events.SessionId.Of(started).ToString();
}
