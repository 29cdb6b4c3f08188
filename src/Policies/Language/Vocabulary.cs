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

    /// <summary>Entry kinds; <c>planner</c> is not a kind but any entry produced while planning (null here).</summary>
    public static readonly (string Name, ChainEntryKind? Value)[] EntryKinds =
    [
        ("view", ChainEntryKind.View),
        ("rule", ChainEntryKind.Rule),
        ("policy", ChainEntryKind.Policy),
        ("default", ChainEntryKind.Default),
        ("generated-column", ChainEntryKind.GeneratedColumn),
        ("check-constraint", ChainEntryKind.CheckConstraint),
        ("domain-constraint", ChainEntryKind.DomainConstraint),
        ("index-expression", ChainEntryKind.IndexExpression),
        ("index-predicate", ChainEntryKind.IndexPredicate),
        ("aggregate", ChainEntryKind.Aggregate),
        ("operator", ChainEntryKind.Operator),
        ("cast", ChainEntryKind.Cast),
        ("type-io", ChainEntryKind.TypeIo),
        ("function", ChainEntryKind.Function),
        ("trigger", ChainEntryKind.Trigger),
        ("event-trigger", ChainEntryKind.EventTrigger),
        ("foreign-key", ChainEntryKind.ForeignKey),
        ("prepared-statement", ChainEntryKind.PreparedStatement),
        ("query", ChainEntryKind.Query),
        ("utility", ChainEntryKind.Utility),
        ("maintenance", ChainEntryKind.Maintenance),
        ("planner", null),
    ];

    public static readonly (string Name, ChainPhase Value)[] Phases =
    [
        ("rewrite", ChainPhase.Rewrite),
        ("planning", ChainPhase.Planning),
        ("prepare", ChainPhase.Prepare),
        ("execution", ChainPhase.Execution),
        ("utility", ChainPhase.Utility),
        ("maintenance", ChainPhase.Maintenance),
        ("commit", ChainPhase.Commit),
        ("parse", ChainPhase.Parse),
    ];

    /// <summary>The language's word for <paramref name="value"/> in <paramref name="words"/>.</summary>
    public static string NameOf<T>((string Name, T Value)[] words, T value) =>
        words.First(w => EqualityComparer<T>.Default.Equals(w.Value, value)).Name;
}
