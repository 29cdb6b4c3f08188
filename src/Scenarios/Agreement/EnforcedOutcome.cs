using TraceLab.Replayer;

namespace TraceLab.Scenarios.Agreement;

/// <summary>What happened to an operation in the run with the policy enforced (<c>suite run --enforce</c>).</summary>
/// <remarks>Spelled by <see cref="EnforcedOutcomeNames"/>: the first three as the replay spells the outcome they are
/// the reality of.</remarks>
public enum EnforcedOutcome
{
    /// <summary>It ran, and the probe recorded no decision at it.</summary>
    Allowed = 0,

    /// <summary>The probe raised the policy's ERROR at it (SQLSTATE 42501): it did not run.</summary>
    Blocked = 1,

    /// <summary>The probe raised the policy's WARNING at it, and it ran.</summary>
    Warned = 2,

    /// <summary>It ran in a function after an error the function's EXCEPTION block caught: the real handler's path, the
    /// counterpart of the replay's <c>handler_would_run</c>; counted apart, not compared.</summary>
    HandlerRan = 3,

    /// <summary>The run has no such operation.</summary>
    Absent = 4,
}

/// <summary>The one spelling of each <see cref="EnforcedOutcome"/>, which is also how the predicted side spells an
/// operation its recording does not have (<see cref="Absent"/>).</summary>
public static class EnforcedOutcomeNames
{
    /// <summary>An operation one of the two recordings does not have.</summary>
    public const string Absent = "absent";

    public static string Of(EnforcedOutcome outcome) => outcome switch
    {
        EnforcedOutcome.Allowed => ReportNames.Of(Outcome.Allowed),
        EnforcedOutcome.Blocked => ReportNames.Of(Outcome.Blocked),
        EnforcedOutcome.Warned => ReportNames.Of(Outcome.Warned),
        EnforcedOutcome.HandlerRan => "handler_ran",
        EnforcedOutcome.Absent => Absent,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown enforced outcome."),
    };

    /// <summary>A predicted outcome's name, <see cref="Absent"/> for an operation the prediction does not have.</summary>
    public static string OfPredicted(Outcome? outcome) => outcome is { } known ? ReportNames.Of(known) : Absent;
}
