using TraceLab.Replayer;

namespace TraceLab.Scenarios.Agreement;

/// <summary>One operation of a scenario as the replay predicted it and as the enforced run did it.</summary>
/// <param name="Session">The session it belongs to: the step's session as the file names it (<c>alice</c>,
/// <c>alice session=2</c>), or a background session's backend type (<c>autovacuum worker</c>).</param>
/// <param name="Operation">The operation (from the run that has it; both have it when neither side is absent).</param>
/// <param name="Predicted">The replay's outcome under the policy; <c>null</c> when the unenforced run has no such
/// operation.</param>
/// <param name="Actual">What happened to it under enforcement.</param>
/// <param name="PredictedMessage">The replay's error or warning, when it blocks or warns.</param>
/// <param name="ProbeMessage">The probe's error or warning at it, when it raised one.</param>
/// <param name="Consequence">What became of the probe's error.</param>
public sealed record OperationComparison(
    string Session,
    ComparedOperation Operation,
    Outcome? Predicted,
    EnforcedOutcome Actual,
    EnforcementMessage? PredictedMessage = null,
    EnforcementMessage? ProbeMessage = null,
    ErrorConsequence? Consequence = null)
{
    /// <summary>The SQLSTATE the operation failed with in the enforced run (<see cref="EnforcedOperation.FailedWith"/>).</summary>
    public string? FailedWith { get; init; }

    /// <summary>For an operation absent from the enforced run: the nearest enforced operation on its chain that ran and
    /// failed there (the statement that would have run it, failing for a reason of its own, say); <c>null</c> when
    /// there is none.</summary>
    public EnclosingFailure? Enclosing { get; init; }

    /// <summary>Whether the prediction held (<see cref="AgreementRule.Agrees"/>).</summary>
    public bool Agrees => AgreementRule.Agrees(Predicted, Actual);
}
