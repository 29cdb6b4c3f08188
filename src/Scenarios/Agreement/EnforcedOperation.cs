namespace TraceLab.Scenarios.Agreement;

/// <summary>An operation of the enforced run and what happened to it.</summary>
/// <param name="Outcome">Never <see cref="EnforcedOutcome.Absent"/>: the operation is in the recording.</param>
/// <param name="Message">The probe's error or warning at it (from its PolicyEnforced frame), else <c>null</c>.</param>
/// <param name="Consequence">For a <see cref="EnforcedOutcome.Blocked"/> operation, what became of the error.</param>
public sealed record EnforcedOperation(
    ComparedOperation Operation,
    EnforcedOutcome Outcome,
    EnforcementMessage? Message = null,
    ErrorConsequence? Consequence = null);
