using TraceLab.Policies.Language;
using TraceLab.Policies.Messages;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Evaluation;

/// <summary>A policy written in the policy language, ready to judge operations.</summary>
/// <remarks>
/// <para>
/// Evaluation is pure and deterministic: the verdict depends on the operation alone (its kind, command, objects,
/// executing user and chain, with the role facts recorded before it), never on I/O, the clock or earlier calls. It is
/// also cached by chain shape (<see cref="ShapeKey"/>): the rules' guards are checked against the operation, the chain
/// is encoded into a few words holding exactly the facts the rules look at, and the decision for those words is
/// computed once. Messages are rendered from the operation and the cached decision only when a report reads them, so an
/// allowed operation costs no allocation at all.
/// </para>
/// <para>Policies with more than 64 rules are evaluated without the cache (the guard bits fill one word).</para>
/// </remarks>
internal sealed class CompiledPolicy : IPolicy
{
    private const int MaxCachedRules = 64;

    [ThreadStatic]
    private static ulong[]? scratch;

    // A replay asks every policy about the same operation in a row: the operation kinds it belongs to (a classification
    // of its command) are worked out once per operation and thread, not once per policy.
    [ThreadStatic]
    private static Operation? guardedOperation;

    [ThreadStatic]
    private static GuardedOperations guardedOfLast;

    private readonly CompiledRule[] rules;
    private readonly Dictionary<string, int> names = new(StringComparer.Ordinal);
    private readonly bool usesNames;
    private readonly bool usesDirect;
    private readonly bool usesInherited;
    private readonly ShapeCache cache = new();

    public CompiledPolicy(PolicyDefinition definition)
    {
        Definition = definition;
        rules = [.. definition.Rules.Select((r, i) => new CompiledRule(i, r, NameIndex))];
        usesNames = names.Count > 0;
        usesDirect = definition.Rules.Any(r => r.Trust.Membership == MembershipTrust.Direct);
        usesInherited = definition.Rules.Any(r => r.Trust.Membership == MembershipTrust.Inherited);
    }

    public PolicyDefinition Definition { get; }

    public string Name => Definition.Name;

    public string Description => Definition.Description;

    /// <summary>Number of chain shapes decided so far (for tests and the benchmark).</summary>
    public int CachedShapes => cache.Count;

    internal IReadOnlyList<CompiledRule> Rules => rules;

    /// <summary>Whether <see cref="Decide(Operation)"/> depends on nothing but the facts <see cref="DecisionMemo"/> keys
    /// its entries by: true unless the policy has more rules than the guard bits of a shape hold.</summary>
    internal bool IsMemoizable => rules.Length <= MaxCachedRules;

    public Verdict Evaluate(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return VerdictOf(operation, Decide(operation));
    }

    /// <summary>The verdict for <paramref name="operation"/> given the policy's <paramref name="outcome"/> for it: the
    /// shared allowing verdict, or one whose text is rendered from the operation when read.</summary>
    internal Verdict VerdictOf(Operation operation, Outcome outcome) =>
        outcome.Decision == Decision.Allowed
            ? Verdict.Allow()
            : Verdict.Deferred(
                outcome.Decision,
                outcome.Culprit >= 0 ? outcome.Culprit : null,
                outcome.Rule >= 0 ? rules[outcome.Rule].Definition.Name : null,
                new TrustMessage(this, outcome.Rule >= 0 ? rules[outcome.Rule] : null, operation, outcome.Culprit, outcome.Decision));

    /// <summary>The decision, culprit and rule for <paramref name="operation"/>.</summary>
    internal Outcome Decide(Operation operation)
    {
        var guarded = GuardedOf(operation);
        ulong guards = 0;
        for (var i = 0; i < rules.Length && i < MaxCachedRules; i++)
        {
            if (rules[i].Guards(guarded, operation))
            {
                guards |= 1UL << i;
            }
        }

        var uncached = rules.Length > MaxCachedRules;
        if (guards == 0 && !uncached)
        {
            return DefaultOutcome;
        }

        var chain = operation.Chain;
        var length = chain.Count + ShapeKey.FirstEntry;
        var shape = scratch is { } buffer && buffer.Length >= length ? buffer : scratch = new ulong[Math.Max(length, 16)];
        var words = shape.AsSpan(0, length);
        Encode(operation, guards, words);
        if (uncached)
        {
            return Decide(words, operation, guarded);
        }

        if (cache.TryGet(words, out var outcome))
        {
            return outcome;
        }

        outcome = Decide(words, operation, guarded);
        cache.Add(words, outcome);
        return outcome;
    }

    /// <summary>The operation kinds <paramref name="operation"/> belongs to, remembered for the last operation asked about.</summary>
    /// <remarks>Operations are immutable (a changed one is a new object), so the same reference has the same kinds.</remarks>
    private static GuardedOperations GuardedOf(Operation operation)
    {
        if (!ReferenceEquals(guardedOperation, operation))
        {
            guardedOfLast = GuardedOperationsOf.Operation(operation);
            guardedOperation = operation;
        }

        return guardedOfLast;
    }

    private Outcome DefaultOutcome => Definition.Default switch
    {
        PolicyAction.Block => new Outcome(Decision.Blocked, -1, -1),
        PolicyAction.Warn => new Outcome(Decision.Warned, -1, -1),
        _ => new Outcome(Decision.Allowed, -1, -1),
    };

    private Outcome Decide(ReadOnlySpan<ulong> shape, Operation operation, GuardedOperations guarded)
    {
        var guards = shape[0];
        for (var i = 0; i < rules.Length; i++)
        {
            var applies = i < MaxCachedRules ? (guards & (1UL << i)) != 0 : rules[i].Guards(guarded, operation);
            if (applies && rules[i].Decide(shape) is { } outcome)
            {
                return outcome;
            }
        }

        return DefaultOutcome;
    }

    private void Encode(Operation operation, ulong guards, Span<ulong> words)
    {
        var executor = operation.Executor;
        var roles = operation.Roles;
        words[0] = guards;
        var executorWord = (executor.IsKnown ? ShapeKey.ExecutorKnown : 0) | (executor.IsKnown && executor.Superuser ? ShapeKey.ExecutorSuperuser : 0);
        if (usesNames)
        {
            executorWord |= (ulong)(uint)(IndexOf(executor) + 1) << ShapeKey.ExecutorNameShift;
        }

        words[ShapeKey.ExecutorWord] = executorWord;
        // Chains are arrays as the Replayer builds them: read as a span, each entry costs no interface call (this runs
        // for every entry of every operation under every policy).
        ReadOnlySpan<ChainEntry> chain = operation.Chain as ChainEntry[] ?? [.. operation.Chain];
        for (var i = 0; i < chain.Length; i++)
        {
            var entry = chain[i];
            var owner = entry.Owner;
            var word = (ulong)entry.Kind | ((ulong)entry.Phase << 5) | ((ulong)entry.Traits << ShapeKey.TraitsShift);
            if (entry.Candidate)
            {
                word |= ShapeKey.Candidate;
            }

            if (entry.PrivilegeSwitch)
            {
                word |= ShapeKey.Switch;
            }

            if (entry.Synthetic)
            {
                word |= ShapeKey.Synthetic;
            }

            if (owner.IsKnown)
            {
                word |= ShapeKey.OwnerKnown | (owner.Superuser ? ShapeKey.OwnerSuperuser : 0);
            }

            var other = owner.Oid != executor.Oid;
            if (owner.Oid != 0 && !other)
            {
                word |= ShapeKey.OwnerIsExecutor;
            }

            if (owner.Oid != 0 && other)
            {
                if (usesDirect && roles.IsMember(executor.Oid, owner.Oid, MembershipKind.Direct))
                {
                    word |= ShapeKey.DirectMember;
                }

                if (usesInherited && roles.IsMember(executor.Oid, owner.Oid, MembershipKind.Inheriting))
                {
                    word |= ShapeKey.InheritingMember;
                }
            }

            if (usesNames)
            {
                word |= (ulong)(uint)(IndexOf(owner) + 1) << ShapeKey.NameShift;
            }

            words[ShapeKey.FirstEntry + i] = word;
        }
    }

    private int IndexOf(RoleFacts role) => role.Name is { } name && names.TryGetValue(name, out var index) ? index : -1;

    private int NameIndex(string name)
    {
        if (name == "*")
        {
            return -1;
        }

        if (!names.TryGetValue(name, out var index))
        {
            index = names.Count;
            names[name] = index;
        }

        return index;
    }
}
