using TraceLab.Replayer;
using TraceLab.Store;

namespace TraceLab.Scenarios.Running;

/// <summary>Finds the session a parallel worker worked for: the leader's pid on the worker's server, started before the
/// worker.</summary>
public static class ParallelLeaders
{
    /// <summary>A resolver over the recorded sessions: of the sessions of the worker's server with the leader's pid that
    /// started before the worker, the latest (pids are reused, so an older session with that pid is not the leader;
    /// several servers' sessions may share one store, and another server's backend with that pid is not it).</summary>
    /// <remarks>A session whose server is not known (0) may be on any server.</remarks>
    public static LeaderSessionResolver ResolverFor(IReadOnlyList<RecordedSessionSummary> recorded) =>
        (leaderPid, workerStartUs, systemIdentifier) =>
        {
            var workerStart = DateTimeOffset.UnixEpoch.AddTicks(workerStartUs * 10);
            return recorded
                .Where(s => s.Pid == leaderPid && s.BackendStart <= workerStart)
                .Where(s => s.SystemIdentifier == 0 || systemIdentifier == 0 || s.SystemIdentifier == systemIdentifier)
                .OrderByDescending(s => s.BackendStart)
                .FirstOrDefault()?.SessionId;
        };
}
