namespace TraceLab.Events;

/// <summary>The code a relation stores that can run on behalf of whoever touches it (FORMAT.md, "Stored code").</summary>
/// <remarks>Only entries that call user functions are listed, except policies, which are all listed.</remarks>
public sealed record RelationCode(
    IReadOnlyList<StoredDefault> Defaults,
    IReadOnlyList<StoredCheck> Checks,
    IReadOnlyList<StoredIndex> Indexes,
    IReadOnlyList<StoredRule> Rules,
    IReadOnlyList<StoredPolicy> Policies,
    IReadOnlyList<DomainColumn> Domains);

/// <summary>A column default, or a generated column's expression when <paramref name="Generated"/>.</summary>
public sealed record StoredDefault(int AttributeNumber, string Column, bool Generated, IReadOnlyList<uint> FunctionOids);

/// <summary>A CHECK constraint of the relation.</summary>
public sealed record StoredCheck(uint ConstraintOid, string Name, IReadOnlyList<uint> FunctionOids);

/// <summary>An index whose expressions or predicate call user functions.</summary>
public sealed record StoredIndex(uint IndexOid, string Name, IReadOnlyList<uint> ExpressionFunctionOids, IReadOnlyList<uint> PredicateFunctionOids);

/// <summary>A rule (other than a view's own _RETURN rule).</summary>
/// <param name="Event">SELECT, INSERT, UPDATE or DELETE.</param>
public sealed record StoredRule(uint RuleOid, string Name, string Event, IReadOnlyList<uint> FunctionOids);

/// <summary>A row-level-security policy.</summary>
/// <param name="Command">ALL, SELECT, INSERT, UPDATE or DELETE.</param>
/// <param name="RoleOids">Roles the policy applies to; 0 stands for PUBLIC.</param>
public sealed record StoredPolicy(
    uint PolicyOid,
    string Name,
    string Command,
    bool Permissive,
    IReadOnlyList<uint> RoleOids,
    IReadOnlyList<uint> QualFunctionOids,
    IReadOnlyList<uint> CheckFunctionOids);

/// <summary>A column whose type is a domain with CHECK constraints.</summary>
public sealed record DomainColumn(int AttributeNumber, uint TypeOid);
