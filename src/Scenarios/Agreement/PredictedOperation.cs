using TraceLab.Replayer;

namespace TraceLab.Scenarios.Agreement;

/// <summary>An operation of the unenforced run with the outcome the replay gives it under the policy.</summary>
/// <param name="Message">The replay's error or warning for it (blocked or warned), else <c>null</c>.</param>
public sealed record PredictedOperation(ComparedOperation Operation, Outcome Outcome, EnforcementMessage? Message = null)
{
    /// <summary>Whether the operation must be in the enforced run: it was predicted to start (allowed, warned or
    /// blocked), as against not reached or aborted.</summary>
    public bool ExpectedPresent => Outcome is Outcome.Allowed or Outcome.Warned or Outcome.Blocked;
}
