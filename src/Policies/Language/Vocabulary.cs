using TraceLab.Policies.Model;

namespace TraceLab.Policies.Language;

/// <summary>The words of the policy language and what they stand for, in the order error messages list them.</summary>
internal static class Vocabulary
{
    public static readonly string[] TopLevelKeys = ["name", "description", "default", "rules"];

    public static readonly string[] RuleKeys =
        ["name", "operations", "commands", "objects", "trust", "scope", "when", "action", "message"];

    public static readonly string[] TrustKeys = ["self", "superusers", "membership", "roles", "infrastructure"];

    public static readonly string[] WhenKeys = ["entry-kinds", "phases", "executor-is-superuser"];

    public static readonly (string Name, GuardedOperations Value)[] Operations =
    [
        ("function-execution", GuardedOperations.FunctionExecution),
        ("ddl", GuardedOperations.Ddl),
        ("role", GuardedOperations.Role),
        ("grant", GuardedOperations.Grant),
        ("dml-write", GuardedOperations.DmlWrite),
        ("dml-read", GuardedOperations.DmlRead),
        ("role-switch", GuardedOperations.RoleSwitch),
        ("copy-program", GuardedOperations.CopyProgram),
        ("maintenance", GuardedOperations.Maintenance),
        ("any", GuardedOperations.Any),
    ];

    public static readonly (string Name, PolicyAction Value)[] Defaults =
        [("allow", PolicyAction.Allow), ("warn", PolicyAction.Warn), ("block", PolicyAction.Block)];

    public static readonly (string Name, PolicyAction Value)[] Actions = [("block", PolicyAction.Block), ("warn", PolicyAction.Warn)];

    public static readonly (string Name, TrustScope Value)[] Scopes =
    [
        ("whole-chain", TrustScope.WholeChain),
        ("since-last-switch", TrustScope.SinceLastSwitch),
        ("immediate-caller", TrustScope.ImmediateCaller),
    ];

    public static readonly (string Name, MembershipTrust Value)[] Memberships =
        [("none", MembershipTrust.None), ("direct", MembershipTrust.Direct), ("inherited", MembershipTrust.Inherited)];

    public static readonly (string Name, TrustedInfrastructure Value)[] Infrastructure =
    [
        ("type-output-functions", TrustedInfrastructure.TypeOutputFunctions),
        ("operator-classes", TrustedInfrastructure.OperatorClasses),
        ("superuser-owned", TrustedInfrastructure.SuperuserOwned),
        ("extension-members", TrustedInfrastructure.ExtensionMembers),
    ];

    /// <summary>Entry kinds, spelled as reports spell them (<see cref="ChainEntryKindNames"/>); <c>planner</c> is not a
    /// kind but any entry produced while planning (null here).</summary>
    public static readonly (string Name, ChainEntryKind? Value)[] EntryKinds =
    [
        .. new[]
        {
            ChainEntryKind.View, ChainEntryKind.Rule, ChainEntryKind.Policy, ChainEntryKind.Default, ChainEntryKind.GeneratedColumn,
            ChainEntryKind.CheckConstraint, ChainEntryKind.DomainConstraint, ChainEntryKind.IndexExpression,
            ChainEntryKind.IndexPredicate, ChainEntryKind.Aggregate, ChainEntryKind.Operator, ChainEntryKind.Cast,
            ChainEntryKind.TypeIo, ChainEntryKind.Function, ChainEntryKind.Trigger, ChainEntryKind.EventTrigger,
            ChainEntryKind.ForeignKey, ChainEntryKind.PreparedStatement, ChainEntryKind.Query, ChainEntryKind.Utility,
            ChainEntryKind.Maintenance,
        }.Select(k => (ChainEntryKindNames.Of(k), (ChainEntryKind?)k)),
        ("planner", null),
    ];

    /// <summary>The dashed entry kinds policy files required before reports and policies shared one spelling
    /// (<c>generated-column</c>), each with its name now; still read, with a warning.</summary>
    public static readonly (string Old, string Name)[] OldEntryKinds =
    [
        .. EntryKinds
            .Where(w => w.Value is not null && ChainEntryKindNames.OldSpelling(w.Value.Value) is not null)
            .Select(w => (ChainEntryKindNames.OldSpelling(w.Value!.Value)!, w.Name)),
    ];

    /// <summary>Phases, spelled as reports spell them (<see cref="ChainPhaseNames"/>).</summary>
    public static readonly (string Name, ChainPhase Value)[] Phases =
    [
        .. new[]
        {
            ChainPhase.Rewrite, ChainPhase.Planning, ChainPhase.Prepare, ChainPhase.Execution, ChainPhase.Utility,
            ChainPhase.Maintenance, ChainPhase.Commit, ChainPhase.Parse,
        }.Select(p => (ChainPhaseNames.Of(p), p)),
    ];

    /// <summary>The language's word for <paramref name="value"/> in <paramref name="words"/>.</summary>
    public static string NameOf<T>((string Name, T Value)[] words, T value) =>
        words.First(w => EqualityComparer<T>.Default.Equals(w.Value, value)).Name;
}
