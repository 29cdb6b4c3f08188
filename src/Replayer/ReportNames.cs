using TraceLab.Policies.Model;

namespace TraceLab.Replayer;

/// <summary>The stable lower-case names reports print for enum values: part of the report model, since shapes and
/// the statistics name chains with them too.</summary>
/// <remarks>The policies' kinds, phases and decisions are spelled once, next to their enums
/// (<see cref="ChainEntryKindNames"/>, …), because policy files name them too; outcomes belong to the replayer and are
/// spelled here. Spelled out rather than derived from the enum member names, so renaming a C# member can never change a
/// report that scripts parse.</remarks>
public static class ReportNames
{
    /// <summary>The mark of a function entry the planner inlined (<see cref="ChainEntry.Inlined"/>), in every format:
    /// JSON's <c>"inlined": true</c>, <c>(mallory, inlined, planning)</c> in text, <c>function(other, inlined)</c> in
    /// shapes.</summary>
    public const string Inlined = "inlined";

    public static string Of(ChainEntryKind kind) => ChainEntryKindNames.Of(kind);

    public static string Of(ChainPhase phase) => ChainPhaseNames.Of(phase);

    public static string Of(OperationKind kind) => OperationKindNames.Of(kind);

    public static string Of(Decision decision) => DecisionNames.Of(decision);

    public static string Of(Outcome outcome) => outcome switch
    {
        Outcome.Allowed => "allowed",
        Outcome.Blocked => "blocked",
        Outcome.Warned => "warned",
        Outcome.NotReached => "not_reached",
        Outcome.Aborted => "aborted",
        Outcome.HandlerWouldRun => "handler_would_run",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    /// <summary>Every outcome, in the order reports list them.</summary>
    public static IReadOnlyList<Outcome> AllOutcomes { get; } =
        [Outcome.Allowed, Outcome.Blocked, Outcome.Warned, Outcome.NotReached, Outcome.Aborted, Outcome.HandlerWouldRun];

    /// <summary>Every outcome's report name, in the order reports list them: what <c>--fail-on</c> accepts.</summary>
    public static IReadOnlyList<string> OutcomeNames { get; } = [.. AllOutcomes.Select(Of)];

    /// <summary>The outcome a report name (<c>not_reached</c>) stands for; names are lower case, as reports print them.</summary>
    public static bool TryParseOutcome(string? name, out Outcome outcome)
    {
        foreach (var candidate in AllOutcomes)
        {
            if (string.Equals(Of(candidate), name, StringComparison.Ordinal))
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = default;
        return false;
    }
}
