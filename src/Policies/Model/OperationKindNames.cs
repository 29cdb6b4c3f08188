namespace TraceLab.Policies.Model;

/// <summary>The one spelling of each <see cref="OperationKind"/>, as reports and JSON write it.</summary>
/// <remarks>These are dashed (<c>planned-statement</c>) where entry kinds are snake_case: JSON has printed them so
/// since its first version, and changing a value scripts compare against is an interface break. Policy files do not
/// name operation kinds (they guard command categories: <c>operations: [dml-write]</c>), so no name is spelled two
/// ways.</remarks>
public static class OperationKindNames
{
    /// <summary>The name of <paramref name="kind"/>.</summary>
    public static string Of(OperationKind kind) => kind switch
    {
        OperationKind.PlannedStatement => "planned-statement",
        OperationKind.UtilityCommand => "utility-command",
        OperationKind.FunctionCall => "function-call",
        OperationKind.RoleSwitch => "role-switch",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown operation kind."),
    };
}
