namespace TraceLab.Scenarios.Agreement;

/// <summary>An operation of the enforced run and what happened to it.</summary>
/// <param name="Outcome">Never <see cref="EnforcedOutcome.Absent"/>: the operation is in the recording.</param>
/// <param name="Message">The probe's error or warning at it (from its PolicyEnforced frame), else <c>null</c>.</param>
/// <param name="Consequence">For a <see cref="EnforcedOutcome.Blocked"/> operation, what became of the error.</param>
/// <param name="FailedWith">The SQLSTATE its statement or call failed with (42501 where the probe raised; another for
/// an error of its own, such as a table a blocked statement would have created); <c>null</c> when it succeeded.</param>
public sealed record EnforcedOperation(
    ComparedOperation Operation,
    EnforcedOutcome Outcome,
    EnforcementMessage? Message = null,
    ErrorConsequence? Consequence = null,
    string? FailedWith = null);
