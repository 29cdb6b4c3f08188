using TraceLab.Events;

namespace TraceLab.Store;

/// <summary>Where recorded sessions are read from: the event store (<see cref="RecordedSessionReader"/>) or a trace
/// file. A replay gives the same result from either.</summary>
public interface IRecordedSessions
{
    /// <summary>Lists every recorded session, ordered by backend start and then session id.</summary>
    Task<IReadOnlyList<RecordedSessionSummary>> ListSessionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams every event of one session in stream order (which is seq order); an unknown session yields
    /// nothing.</summary>
    IAsyncEnumerable<IRecordedFrame> ReadEventsAsync(string sessionId, CancellationToken cancellationToken = default);
}
