using TraceLab.Policies.Model;

namespace TraceLab.Replayer;

/// <summary>The verdict one policy gave one operation, and the outcome the replay derived from it.</summary>
/// <param name="Verdict">What the policy says about the operation itself (also for an operation it would never have
/// reached, so reports can still show it).</param>
/// <param name="Outcome">What would have happened under the policy: its verdict, or a counterfactual outcome caused by an
/// earlier block under the same policy.</param>
public sealed record PolicyVerdict(string Policy, Verdict Verdict, Outcome Outcome)
{
    /// <summary>The chain the policy judged when it is not the operation's: an EXECUTE of a prepared statement whose
    /// PREPARE did not happen under the policy runs no prepared code, so the policy (like the probe, live) judges it
    /// without the prepared statement (SEMANTICS.md, "Objects a policy prevents"); <c>null</c> otherwise. Not part of
    /// any report.</summary>
    public IReadOnlyList<ChainEntry>? JudgedChain { get; init; }

    /// <summary>Equal verdicts: the same policy, verdict and outcome, and judged chains with the same entries.</summary>
    public bool Equals(PolicyVerdict? other) =>
        other is not null && Policy == other.Policy && Verdict.Equals(other.Verdict) && Outcome == other.Outcome
        && (ReferenceEquals(JudgedChain, other.JudgedChain)
            || (JudgedChain is not null && other.JudgedChain is not null && JudgedChain.SequenceEqual(other.JudgedChain)));

    public override int GetHashCode() => HashCode.Combine(Policy, Verdict, Outcome, JudgedChain?.Count ?? -1);

    /// <summary>A verdict whose outcome is the verdict itself (no earlier block).</summary>
    public static PolicyVerdict Of(string policy, Verdict verdict) => new(policy, verdict, OutcomeOf(verdict));

    /// <summary>The outcome a verdict gives an operation that is reached.</summary>
    public static Outcome OutcomeOf(Verdict verdict) => verdict.Decision switch
    {
        Decision.Blocked => Outcome.Blocked,
        Decision.Warned => Outcome.Warned,
        _ => Outcome.Allowed,
    };
}
