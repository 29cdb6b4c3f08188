using TraceLab.Replayer;

namespace TraceLab.Scenarios.Agreement;

/// <summary>When the replay's prediction for an operation agrees with what the enforced run did.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>allowed</c>, <c>warned</c>, <c>blocked</c>: the operation is in the enforced run, and ran with no decision,
/// ran after the probe's WARNING, or is the one at which the probe raised its ERROR, respectively.</item>
/// <item><c>not_reached</c>, <c>aborted</c>: the operation is absent from the enforced run (an earlier ERROR ended its
/// statement, or aborted its transaction, so PostgreSQL never started it).</item>
/// <item>An operation only the enforced run has never agrees: the replay did not foresee it.</item>
/// </list>
/// <c>handler_would_run</c> operations, and the enforced run's <c>handler_ran</c> ones, are counted apart and never
/// reach this rule: past that point the two runs took different paths by design.
/// </remarks>
public static class AgreementRule
{
    /// <summary>Whether <paramref name="actual"/> is what <paramref name="predicted"/> (<c>null</c>: no such
    /// operation predicted) says.</summary>
    public static bool Agrees(Outcome? predicted, EnforcedOutcome actual) => (predicted, actual) switch
    {
        (Outcome.Allowed, EnforcedOutcome.Allowed) => true,
        (Outcome.Warned, EnforcedOutcome.Warned) => true,
        (Outcome.Blocked, EnforcedOutcome.Blocked) => true,
        (Outcome.NotReached or Outcome.Aborted, EnforcedOutcome.Absent) => true,
        _ => false,
    };
}
