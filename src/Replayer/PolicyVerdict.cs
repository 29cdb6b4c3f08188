using TraceLab.Policies.Model;

namespace TraceLab.Replayer;

/// <summary>The verdict one policy gave one operation, and the outcome the replay derived from it.</summary>
/// <param name="Verdict">What the policy says about the operation itself (also for an operation it would never have
/// reached, so reports can still show it).</param>
/// <param name="Outcome">What would have happened under the policy: its verdict, or a counterfactual outcome caused by an
/// earlier block under the same policy.</param>
public sealed record PolicyVerdict(string Policy, Verdict Verdict, Outcome Outcome)
{
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
