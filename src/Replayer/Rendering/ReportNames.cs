using TraceLab.Policies;

namespace TraceLab.Replayer.Rendering;

/// <summary>The stable lower-case names reports print for enum values.</summary>
/// <remarks>Spelled out rather than derived from the enum member names, so renaming a C# member can never change a
/// report that scripts parse.</remarks>
internal static class ReportNames
{
    public static string Of(ChainEntryKind kind) => kind switch
    {
        ChainEntryKind.Statement => "statement",
        ChainEntryKind.View => "view",
        ChainEntryKind.Function => "function",
        ChainEntryKind.Trigger => "trigger",
        ChainEntryKind.Query => "query",
        ChainEntryKind.Utility => "utility",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown chain entry kind."),
    };

    public static string Of(OperationKind kind) => kind switch
    {
        OperationKind.PlannedStatement => "planned-statement",
        OperationKind.UtilityCommand => "utility-command",
        OperationKind.FunctionCall => "function-call",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown operation kind."),
    };

    public static string Of(Decision decision) => decision switch
    {
        Decision.Allowed => "allowed",
        Decision.Blocked => "blocked",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };
}
