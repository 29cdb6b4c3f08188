using TraceLab.Scenarios.Format;
using TraceLab.Store;

namespace TraceLab.Scenarios.Running;

/// <summary>Names the sessions a run of a scenario recorded as the agreement check pairs them: a step session by the
/// file's name for it, any other by its backend type.</summary>
internal static class RunSessionLabels
{
    /// <summary>PostgreSQL's backend type of a login session.</summary>
    private const string ClientBackend = "client backend";

    /// <summary>The recorded <paramref name="sessions"/> in start order, each with its label and whether it is a
    /// background session; <paramref name="opened"/> are the step sessions the run opened, in order.</summary>
    /// <remarks>A recorded login session is the step session with its pid that is not taken yet (pids may come back after
    /// a disconnect, and sessions are listed in start order, as they were opened).</remarks>
    public static List<(RecordedSessionSummary Session, string Label, bool Background)> Of(
        IEnumerable<RecordedSessionSummary> sessions, IReadOnlyList<(int Pid, SessionKey Key)> opened)
    {
        var taken = new bool[opened.Count];
        var labels = new List<(RecordedSessionSummary, string, bool)>();
        foreach (var session in sessions.OrderBy(s => s.BackendStart).ThenBy(s => s.Pid))
        {
            var step = session.BackendType == ClientBackend
                ? Enumerable.Range(0, opened.Count).FirstOrDefault(i => !taken[i] && opened[i].Pid == session.Pid, -1)
                : -1;
            if (step >= 0)
            {
                taken[step] = true;
                labels.Add((session, opened[step].Key.ToString(), false));
            }
            else
            {
                labels.Add((session, session.BackendType, true));
            }
        }

        return labels;
    }
}
