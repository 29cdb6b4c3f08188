using TraceLab.Replayer;
using TraceLab.Store;

namespace TraceLab.Scenarios.Running;

/// <summary>Finds the session a parallel worker worked for: the leader's pid, started before the worker.</summary>
public static class ParallelLeaders
{
    /// <summary>A resolver over the recorded sessions: of the sessions with the leader's pid that started before the
    /// worker, the latest (pids are reused, so an older session with that pid is not the leader).</summary>
    public static LeaderSessionResolver ResolverFor(IReadOnlyList<RecordedSessionSummary> recorded) =>
        (leaderPid, workerStartUs) =>
        {
            var workerStart = DateTimeOffset.UnixEpoch.AddTicks(workerStartUs * 10);
            return recorded
                .Where(s => s.Pid == leaderPid && s.BackendStart <= workerStart)
                .OrderByDescending(s => s.BackendStart)
                .FirstOrDefault()?.SessionId;
        };
}
