using System.Runtime.CompilerServices;

namespace TraceLab.Replayer;

/// <summary>How many operations had each outcome under each policy: a flat array of counters, updated once per
/// operation without allocating, read as <see cref="PolicyCounts"/> at the end.</summary>
internal sealed class OutcomeCounter(int policyCount)
{
    private const int Outcomes = (int)Outcome.HandlerWouldRun + 1;

    private readonly long[] counts = new long[policyCount * Outcomes];

    /// <summary>Operations counted.</summary>
    public long Operations { get; private set; }

    /// <summary>Counts one operation: each policy's outcome, verdicts in policy order.</summary>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReplayedOperation operation)
    {
        Operations++;
        // The engine's operations hold arrays: read as a span, a policy's outcome costs no interface call (this runs
        // twice for every operation).
        ReadOnlySpan<PolicyVerdict> verdicts = operation.Verdicts as PolicyVerdict[] ?? [.. operation.Verdicts];
        for (var i = 0; i < verdicts.Length && i < policyCount; i++)
        {
            counts[(i * Outcomes) + (int)verdicts[i].Outcome]++;
        }
    }

    /// <summary>The counts, one entry per policy in <paramref name="policies"/> order.</summary>
    public IReadOnlyList<PolicyCounts> Of(IReadOnlyList<string> policies) =>
    [
        .. policies.Select((policy, i) =>
        {
            var at = i * Outcomes;
            return new PolicyCounts(
                policy,
                counts[at + (int)Outcome.Allowed],
                counts[at + (int)Outcome.Blocked],
                counts[at + (int)Outcome.Warned],
                counts[at + (int)Outcome.NotReached],
                counts[at + (int)Outcome.Aborted],
                counts[at + (int)Outcome.HandlerWouldRun]);
        }),
    ];
}
