using TraceLab.Policies.Model;

namespace TraceLab.Replayer;

/// <summary>An operation of a recorded session with the verdict of every policy, in the order the policies were given.</summary>
public sealed record ReplayedOperation(Operation Operation, IReadOnlyList<PolicyVerdict> Verdicts)
{
    /// <summary>Whether at least one policy would have blocked the operation.</summary>
    public bool IsBlockedByAny => Verdicts.Any(v => v.Verdict.IsBlocked);

    /// <summary>The verdict of the policy called <paramref name="policy"/>.</summary>
    /// <exception cref="KeyNotFoundException">The policy was not part of the replay.</exception>
    public Verdict VerdictOf(string policy) =>
        Verdicts.FirstOrDefault(v => v.Policy == policy)?.Verdict
        ?? throw new KeyNotFoundException($"Policy '{policy}' was not part of this replay.");
}
