using TraceLab.Events;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Encodes a relation's stored code (FORMAT.md, "Stored code") for <see cref="FrameEncoder"/>.</summary>
internal static class StoredCodeFields
{
    /// <summary><c>[defaults, checks, indexes, rules, policies, domains]</c>.</summary>
    public static object?[] Code(RelationCode code) =>
    [
        FrameEncoder.List(code.Defaults, d => new object?[] { d.AttributeNumber, d.Column, d.Generated, Oids(d.FunctionOids) }),
        FrameEncoder.List(code.Checks, Check),
        FrameEncoder.List(code.Indexes, i => new object?[]
        {
            i.IndexOid, i.Name, Oids(i.ExpressionFunctionOids), Oids(i.PredicateFunctionOids),
        }),
        FrameEncoder.List(code.Rules, r => new object?[] { r.RuleOid, r.Name, r.Event, Oids(r.FunctionOids) }),
        FrameEncoder.List(code.Policies, p => new object?[]
        {
            p.PolicyOid, p.Name, p.Command, p.Permissive, Oids(p.RoleOids), Oids(p.QualFunctionOids), Oids(p.CheckFunctionOids),
        }),
        FrameEncoder.List(code.Domains, d => new object?[] { d.AttributeNumber, d.TypeOid }),
    ];

    /// <summary><c>[constraint_oid, name, functions]</c>, for relations and domains alike.</summary>
    public static object? Check(StoredCheck check) => new object?[] { check.ConstraintOid, check.Name, Oids(check.FunctionOids) };

    private static object?[] Oids(IEnumerable<uint> oids) => FrameEncoder.Oids(oids);
}
