namespace TraceLab.Policies.Model;

/// <summary>The one spelling of each <see cref="ChainEntryKind"/>: what reports, JSON, shapes and policy files
/// (<c>when: entry-kinds</c>) all write.</summary>
/// <remarks>snake_case, as JSON printed it first (<c>generated_column</c>, <c>type_io</c>): a name copied from a report
/// works in a policy. Spelled out rather than derived from the member names, so renaming a C# member can never change a
/// report that scripts parse or a policy that works. Policy files still accept the dashed spelling they once required
/// (<see cref="OldSpelling"/>), with a warning.</remarks>
public static class ChainEntryKindNames
{
    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<ChainEntryKind> All { get; } = Enum.GetValues<ChainEntryKind>();

    /// <summary>The name of <paramref name="kind"/>.</summary>
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

    /// <summary>The spelling policy files required before there was one (<c>generated-column</c>), or <c>null</c>
    /// when it was the same.</summary>
    public static string? OldSpelling(ChainEntryKind kind) =>
        Of(kind).Contains('_', StringComparison.Ordinal) ? Of(kind).Replace('_', '-') : null;

    /// <summary>The kind called <paramref name="name"/> (exactly, as <see cref="Of"/> spells it).</summary>
    public static bool TryParse(string? name, out ChainEntryKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Of(candidate), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
