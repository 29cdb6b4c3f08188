namespace TraceLab.Replayer.Distributed;

/// <summary>What replaying one session on its own gives (<see cref="ReplayEngine.ReplaySessionAsync"/>): everything the
/// report of a replay needs from that session, so that a worker can replay it and the coordinator assemble the report
/// (<see cref="ReplayEngine.AssembleAsync"/>).</summary>
/// <param name="SessionId">The session replayed.</param>
/// <param name="Database">The session's database, as its SessionStarted named it; <c>null</c> when the recording lacks it.</param>
/// <param name="EventsRead">The session's events replayed (progress counts them).</param>
/// <param name="Operations">Every operation of the session with every policy's verdict and outcome, in seq order.</param>
/// <remarks><see cref="SessionReplayResultCodec"/> stores it as bytes.</remarks>
public sealed record SessionReplayResult(string SessionId, string? Database, long EventsRead, IReadOnlyList<ReplayedOperation> Operations);
