namespace TraceLab.Replayer;

/// <summary>Outcome counts per session and policy: what a CI job or the CLI's exit code looks at.</summary>
public sealed record ReplaySummary(IReadOnlyList<string> Policies, IReadOnlyList<SessionSummary> Sessions)
{
    /// <summary>Counts over all sessions, one entry per policy in replay order.</summary>
    public IReadOnlyList<PolicyCounts> Totals =>
    [
        .. Policies.Select((policy, i) => new PolicyCounts(
            policy,
            Sessions.Sum(s => s.Policies[i].Allowed),
            Sessions.Sum(s => s.Policies[i].Blocked),
            Sessions.Sum(s => s.Policies[i].Warned),
            Sessions.Sum(s => s.Policies[i].NotReached),
            Sessions.Sum(s => s.Policies[i].Aborted),
            Sessions.Sum(s => s.Policies[i].HandlerWouldRun))),
    ];

    /// <summary>Operations over all sessions.</summary>
    public long Operations => Sessions.Sum(s => s.Operations);

    /// <summary>Counts for operations that were streamed rather than collected in a <see cref="ReplayReport"/>.</summary>
    /// <remarks>Sessions appear in the order of their first operation; sessions without operations do not appear.</remarks>
    public static ReplaySummary Of(IReadOnlyList<string> policies, IEnumerable<ReplayedOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(operations);
        var builder = new ReplaySummaryBuilder(policies);
        foreach (var operation in operations)
        {
            builder.Add(operation);
        }

        return builder.Build();
    }
}
