using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads the stored code of a relation (FORMAT.md, "Stored code") and the CHECK constraints that relations
/// and domains share.</summary>
/// <remarks>The code is new in version 2, so all six lists are required; entries may grow by appending.</remarks>
internal static class StoredCodeReader
{
    /// <summary>Reads <c>[defaults, checks, indexes, rules, policies, domains]</c>.</summary>
    public static RelationCode ReadRelationCode(ref MessagePackSpanReader r, FrameFields code) => new(
        Defaults: code.Entries(ref r, "defaults", "default", ReadDefault),
        Checks: code.Entries(ref r, "checks", "check", ReadCheck),
        Indexes: code.Entries(ref r, "indexes", "index", ReadIndex),
        Rules: code.Entries(ref r, "rules", "rule", ReadRule),
        Policies: code.Entries(ref r, "policies", "policy", ReadPolicy),
        Domains: code.Entries(ref r, "domains", "domain column", ReadDomainColumn));

    /// <summary>Reads <c>[constraint_oid, name, functions]</c>: a relation's or a domain's CHECK constraint.</summary>
    public static StoredCheck ReadCheck(ref MessagePackSpanReader r, FrameFields e) => new(
        ConstraintOid: e.UInt32(ref r, "constraint_oid"),
        Name: e.String(ref r, "name"),
        FunctionOids: e.UInt32List(ref r, "functions", "function_oid"));

    private static StoredDefault ReadDefault(ref MessagePackSpanReader r, FrameFields e) => new(
        AttributeNumber: e.Int32(ref r, "attnum"),
        Column: e.String(ref r, "column"),
        Generated: e.Boolean(ref r, "generated"),
        FunctionOids: e.UInt32List(ref r, "functions", "function_oid"));

    private static StoredIndex ReadIndex(ref MessagePackSpanReader r, FrameFields e) => new(
        IndexOid: e.UInt32(ref r, "index_oid"),
        Name: e.String(ref r, "name"),
        ExpressionFunctionOids: e.UInt32List(ref r, "expression_functions", "function_oid"),
        PredicateFunctionOids: e.UInt32List(ref r, "predicate_functions", "function_oid"));

    private static StoredRule ReadRule(ref MessagePackSpanReader r, FrameFields e) => new(
        RuleOid: e.UInt32(ref r, "rule_oid"),
        Name: e.String(ref r, "name"),
        Event: e.String(ref r, "event"),
        FunctionOids: e.UInt32List(ref r, "functions", "function_oid"));

    private static StoredPolicy ReadPolicy(ref MessagePackSpanReader r, FrameFields e) => new(
        PolicyOid: e.UInt32(ref r, "policy_oid"),
        Name: e.String(ref r, "name"),
        Command: e.String(ref r, "command"),
        Permissive: e.Boolean(ref r, "permissive"),
        RoleOids: e.UInt32List(ref r, "roles", "role_oid"),
        QualFunctionOids: e.UInt32List(ref r, "qual_functions", "function_oid"),
        CheckFunctionOids: e.UInt32List(ref r, "check_functions", "function_oid"));

    private static DomainColumn ReadDomainColumn(ref MessagePackSpanReader r, FrameFields e) =>
        new(AttributeNumber: e.Int32(ref r, "attnum"), TypeOid: e.UInt32(ref r, "type_oid"));
}
