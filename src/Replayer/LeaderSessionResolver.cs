namespace TraceLab.Replayer;

/// <summary>Finds the recorded session of a parallel worker's leader.</summary>
/// <param name="leaderPid">The leader's pid, from the worker's SessionStarted.</param>
/// <param name="workerBackendStartUs">When the worker started (microseconds since the Unix epoch): the leader is the
/// session with that pid that was running then, since pids are reused.</param>
/// <param name="systemIdentifier">The worker's server, from its SessionStarted: the leader ran on the same server, and
/// sessions of several servers may share one store.</param>
/// <returns>The leader's session id (<see cref="Events.SessionId"/>), or <c>null</c> when it is not recorded.</returns>
/// <remarks>Parallel workers run their leader's statements; the replay names the leader in the root entry of each
/// worker chain. The CLI implements this from the list of recorded sessions; without a resolver the root names the
/// leader's pid only.</remarks>
public delegate string? LeaderSessionResolver(int leaderPid, long workerBackendStartUs, ulong systemIdentifier);
