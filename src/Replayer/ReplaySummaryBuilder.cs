namespace TraceLab.Replayer;

/// <summary>Accumulates <see cref="ReplaySummary"/> counts while operations stream past.</summary>
internal sealed class ReplaySummaryBuilder(IReadOnlyList<string> policies)
{
    private readonly List<Tally> sessions = [];

    /// <summary>Registers a session so it appears even if it has no operations.</summary>
    public void Begin(string sessionId) => TallyOf(sessionId);

    public void SetDatabase(string sessionId, string? database) => TallyOf(sessionId).Database ??= database;

    public void Add(ReplayedOperation operation)
    {
        var tally = TallyOf(operation.Operation.SessionId);
        tally.Database ??= operation.Operation.Database;
        tally.Operations++;
        for (var i = 0; i < operation.Verdicts.Count && i < policies.Count; i++)
        {
            switch (operation.Verdicts[i].Verdict.Decision)
            {
                case Policies.Decision.Blocked:
                    tally.Blocked[i]++;
                    break;
                case Policies.Decision.Warned:
                    tally.Warned[i]++;
                    break;
                default:
                    tally.Allowed[i]++;
                    break;
            }
        }
    }

    public ReplaySummary Build() => new(
        policies,
        [
            .. sessions.Select(t => new SessionSummary(
                t.SessionId,
                t.Database,
                t.Operations,
                [.. policies.Select((p, i) => new PolicyCounts(p, t.Allowed[i], t.Blocked[i], t.Warned[i]))])),
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

        public long Operations { get; set; }

        public long[] Allowed { get; } = new long[policyCount];

        public long[] Blocked { get; } = new long[policyCount];

        public long[] Warned { get; } = new long[policyCount];
    }
}
