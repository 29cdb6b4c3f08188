using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Evaluation;

/// <summary>A rule ready to evaluate: its guards as flags and matchers, its trust and conditions as bit masks.</summary>
internal sealed class CompiledRule
{
    private readonly GuardedOperations operations;
    private readonly Wildcard[]? commands;
    private readonly Wildcard[]? objects;
    private readonly ulong entryKinds;
    private readonly bool planner;
    private readonly uint phases;
    private readonly bool hasKinds;
    private readonly bool hasPhases;
    private readonly HashSet<(int Executor, int Owner)> trustedPairs = [];
    private readonly HashSet<int> trustedByEveryone = [];

    public CompiledRule(int index, RuleDefinition definition, Func<string, int> nameIndex)
    {
        Index = index;
        Definition = definition;
        operations = definition.Operations;
        commands = definition.Commands?.Select(c => new Wildcard(c, StringComparison.OrdinalIgnoreCase)).ToArray();
        objects = definition.Objects?.Select(o => new Wildcard(o, StringComparison.Ordinal)).ToArray();
        if (definition.When.EntryKinds is { } kinds)
        {
            hasKinds = true;
            planner = definition.When.Planner;
            entryKinds = kinds.Aggregate(0UL, (mask, kind) => mask | (1UL << (int)kind));
        }

        if (definition.When.Phases is { } listed)
        {
            hasPhases = true;
            phases = listed.Aggregate(0U, (mask, phase) => mask | (1U << (int)phase));
        }

        foreach (var (executor, trusted) in definition.Trust.Roles)
        {
            foreach (var owner in trusted)
            {
                if (executor == "*")
                {
                    trustedByEveryone.Add(nameIndex(owner));
                }
                else
                {
                    trustedPairs.Add((nameIndex(executor), nameIndex(owner)));
                }
            }
        }
    }

    public int Index { get; }

    public RuleDefinition Definition { get; }

    public TrustDefinition Trust => Definition.Trust;

    /// <summary>Whether the rule guards the operation: its kind, command and objects.</summary>
    public bool Guards(GuardedOperations guarded, Operation operation)
    {
        if ((operations & GuardedOperations.Any) == 0 && (operations & guarded) == 0)
        {
            return false;
        }

        if (commands is not null && !AnyMatches(commands, operation.Command))
        {
            return false;
        }

        if (objects is not null)
        {
            foreach (var name in operation.Objects)
            {
                if (AnyMatches(objects, name))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    /// <summary>The outcome of the rule for a shape it guards, or <c>null</c> when its conditions do not hold.</summary>
    public Outcome? Decide(ReadOnlySpan<ulong> shape)
    {
        var executor = shape[ShapeKey.ExecutorWord];
        var entries = shape[ShapeKey.FirstEntry..];
        if (Definition.When.ExecutorIsSuperuser is { } superuser && superuser != ((executor & ShapeKey.ExecutorSuperuser) != 0))
        {
            return null;
        }

        var start = Definition.Scope switch
        {
            TrustScope.ImmediateCaller => entries.Length - 1,
            TrustScope.SinceLastSwitch => LastSwitch(entries),
            _ => 0,
        };
        var scope = entries[start..];
        if ((hasKinds && !HasKind(scope)) || (hasPhases && !HasPhase(scope)))
        {
            return null;
        }

        for (var i = 0; i < scope.Length; i++)
        {
            if (!Trusted(scope[i], executor))
            {
                return new Outcome(Definition.Action == PolicyAction.Warn ? Decision.Warned : Decision.Blocked, start + i, Index);
            }
        }

        return new Outcome(Decision.Allowed, -1, Index);
    }

    private static int LastSwitch(ReadOnlySpan<ulong> entries)
    {
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            if ((entries[i] & ShapeKey.Switch) != 0)
            {
                return i;
            }
        }

        return 0;
    }

    private bool HasKind(ReadOnlySpan<ulong> scope)
    {
        foreach (var entry in scope)
        {
            if ((entryKinds & (1UL << (int)ShapeKey.Kind(entry))) != 0 || (planner && ShapeKey.Phase(entry) == ChainPhase.Planning))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasPhase(ReadOnlySpan<ulong> scope)
    {
        foreach (var entry in scope)
        {
            if ((phases & (1U << (int)ShapeKey.Phase(entry))) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool Trusted(ulong entry, ulong executor)
    {
        var trust = Definition.Trust;
        if ((trust.Self && (entry & ShapeKey.OwnerIsExecutor) != 0)
            || (trust.Superusers && (entry & (ShapeKey.OwnerKnown | ShapeKey.OwnerSuperuser)) == (ShapeKey.OwnerKnown | ShapeKey.OwnerSuperuser))
            || (trust.Membership == MembershipTrust.Direct && (entry & ShapeKey.DirectMember) != 0)
            || (trust.Membership == MembershipTrust.Inherited && (entry & ShapeKey.InheritingMember) != 0))
        {
            return true;
        }

        var owner = ShapeKey.OwnerName(entry);
        if (owner >= 0 && (trustedByEveryone.Contains(owner) || trustedPairs.Contains((ShapeKey.ExecutorName(executor), owner))))
        {
            return true;
        }

        return IsTrustedInfrastructure(trust.Infrastructure, entry);
    }

    private static bool IsTrustedInfrastructure(TrustedInfrastructure infrastructure, ulong entry)
    {
        if (infrastructure == TrustedInfrastructure.None)
        {
            return false;
        }

        var traits = ShapeKey.Traits(entry);
        return (infrastructure.HasFlag(TrustedInfrastructure.TypeOutputFunctions) && traits.HasFlag(EntryTraits.TypeOutputFunction))
               || (infrastructure.HasFlag(TrustedInfrastructure.OperatorClasses) && traits.HasFlag(EntryTraits.OperatorClass))
               || (infrastructure.HasFlag(TrustedInfrastructure.ExtensionMembers) && traits.HasFlag(EntryTraits.ExtensionMember)
                   && (entry & (ShapeKey.OwnerKnown | ShapeKey.OwnerSuperuser)) == (ShapeKey.OwnerKnown | ShapeKey.OwnerSuperuser))
               || (infrastructure.HasFlag(TrustedInfrastructure.SuperuserOwned)
                   && (entry & (ShapeKey.OwnerKnown | ShapeKey.OwnerSuperuser)) == (ShapeKey.OwnerKnown | ShapeKey.OwnerSuperuser)
                   && ShapeKey.Kind(entry) is not (ChainEntryKind.Statement or ChainEntryKind.Query or ChainEntryKind.Utility));
    }

    private static bool AnyMatches(Wildcard[] patterns, string text)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Matches(text))
            {
                return true;
            }
        }

        return false;
    }
}
