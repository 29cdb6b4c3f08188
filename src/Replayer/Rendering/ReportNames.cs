using TraceLab.Policies;

namespace TraceLab.Replayer.Rendering;

/// <summary>The stable lower-case names reports print for enum values.</summary>
/// <remarks>Spelled out rather than derived from the enum member names, so renaming a C# member can never change a
/// report that scripts parse.</remarks>
public static class ReportNames
{
    /// <summary>The mark of a function entry the planner inlined (<see cref="ChainEntry.Inlined"/>), in every format:
    /// JSON's <c>"inlined": true</c>, <c>(mallory, inlined, planning)</c> in text, <c>function(other, inlined)</c> in
    /// shapes.</summary>
    public const string Inlined = "inlined";

    public static string Of(ChainEntryKind kind) => kind switch
    {
        ChainEntryKind.Statement => "statement",
        ChainEntryKind.View => "view",
        ChainEntryKind.Function => "function",
        ChainEntryKind.Trigger => "trigger",
        ChainEntryKind.Query => "query",
        ChainEntryKind.Utility => "utility",
        ChainEntryKind.Rule => "rule",
        ChainEntryKind.Policy => "policy",
        ChainEntryKind.Default => "default",
        ChainEntryKind.GeneratedColumn => "generated_column",
        ChainEntryKind.CheckConstraint => "check_constraint",
        ChainEntryKind.DomainConstraint => "domain_constraint",
        ChainEntryKind.IndexExpression => "index_expression",
        ChainEntryKind.IndexPredicate => "index_predicate",
        ChainEntryKind.Aggregate => "aggregate",
        ChainEntryKind.Operator => "operator",
        ChainEntryKind.Cast => "cast",
        ChainEntryKind.TypeIo => "type_io",
        ChainEntryKind.EventTrigger => "event_trigger",
        ChainEntryKind.ForeignKey => "foreign_key",
        ChainEntryKind.PreparedStatement => "prepared_statement",
        ChainEntryKind.Maintenance => "maintenance",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown chain entry kind."),
    };

    public static string Of(ChainPhase phase) => phase switch
    {
        ChainPhase.Unknown => "unknown",
        ChainPhase.Rewrite => "rewrite",
        ChainPhase.Prepare => "prepare",
        ChainPhase.Parse => "parse",
        ChainPhase.Planning => "planning",
        ChainPhase.Execution => "execution",
        ChainPhase.Utility => "utility",
        ChainPhase.Maintenance => "maintenance",
        ChainPhase.Commit => "commit",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown chain phase."),
    };

    public static string Of(OperationKind kind) => kind switch
    {
        OperationKind.PlannedStatement => "planned-statement",
        OperationKind.UtilityCommand => "utility-command",
        OperationKind.FunctionCall => "function-call",
        OperationKind.RoleSwitch => "role-switch",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown operation kind."),
    };

    public static string Of(Decision decision) => decision switch
    {
        Decision.Allowed => "allowed",
        Decision.Blocked => "blocked",
        Decision.Warned => "warned",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };

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

    /// <summary>Every outcome's report name, in the order reports list them: what <c>--fail-on</c> accepts.</summary>
    public static IReadOnlyList<string> OutcomeNames { get; } = [.. Outcomes.All.Select(Of)];

    /// <summary>The outcome a report name (<c>not_reached</c>) stands for; names are lower case, as reports print them.</summary>
    public static bool TryParseOutcome(string? name, out Outcome outcome)
    {
        foreach (var candidate in Outcomes.All)
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
