using System.Runtime.CompilerServices;

namespace TraceLab.Replayer;

/// <summary>Accumulates <see cref="ReplaySummary"/> counts while operations stream past.</summary>
/// <remarks>One tally per session (a few counters per policy and outcome): memory grows with the number of sessions,
/// never with their length.</remarks>
internal sealed class ReplaySummaryBuilder(IReadOnlyList<string> policies)
{
    private readonly List<Tally> sessions = [];

    /// <summary>Registers a session so it appears even if it has no operations.</summary>
    public void Begin(string sessionId) => TallyOf(sessionId);

    public void SetDatabase(string sessionId, string? database) => TallyOf(sessionId).Database ??= database;

    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReplayedOperation operation)
    {
        var tally = TallyOf(operation.Operation.SessionId);
        tally.Database ??= operation.Operation.Database;
        tally.Counter.Add(operation);
    }

    public ReplaySummary Build() => new(
        policies,
        [
            .. sessions.Select(t => new SessionSummary(
                t.SessionId,
                t.Database,
                t.Counter.Operations,
                t.Counter.Of(policies))),
        ]);

    private Tally TallyOf(string sessionId)
    {
        // Sessions are few and arrive one after another, so the last one is almost always the match.
        for (var i = sessions.Count - 1; i >= 0; i--)
        {
            if (sessions[i].SessionId == sessionId)
            {
                return sessions[i];
            }
        }

        var tally = new Tally(sessionId, policies.Count);
        sessions.Add(tally);
        return tally;
    }

    private sealed class Tally(string sessionId, int policyCount)
    {
        public string SessionId { get; } = sessionId;

        public string? Database { get; set; }

        public OutcomeCounter Counter { get; } = new(policyCount);
    }
}
