using System.Runtime.CompilerServices;
using TraceLab.Policies.Evaluation;
using TraceLab.Policies.Model;

namespace TraceLab.Policies;

/// <summary>Several policies evaluated together on each operation of one stream (a session's replay): the verdicts each
/// policy's <see cref="IPolicy.Evaluate"/> gives, in one pass.</summary>
/// <remarks>
/// <para>Policies written in the policy language (every built-in, every policy file) decide from a few facts of an
/// operation, and a stream repeats the same facts over and over: their outcomes are remembered per operation facts, for
/// all of them at once, so an operation like an earlier one costs one lookup instead of one per policy. The decision,
/// culprit and rule are exactly those the policy would give (they depend on nothing else), and a verdict's text is
/// always rendered from its own operation. Other <see cref="IPolicy"/> implementations are asked every time.</para>
/// <para>Deciding (<see cref="Decide"/>) and making the verdicts (<see cref="Verdicts"/>) are two steps, so that a
/// streaming replay can decide while it rebuilds operations and make the verdicts where it judges them.
/// <see cref="Decide"/> is not safe for concurrent use (make one set per stream of operations); <see cref="Verdicts"/>
/// reads nothing <see cref="Decide"/> changes, and may run on another thread. The policies themselves may be
/// shared.</para>
/// </remarks>
public sealed class PolicySet
{
    /// <summary>The decisions of a set with no policy written in the policy language, before the others are asked.</summary>
    private static readonly PolicyDecisions NoneMemoized = new([], null);

    private readonly IPolicy[] policies;
    private readonly CompiledPolicy[] memoized;
    private readonly int[] memoizedAt;
    private readonly int[] askedAt;
    private readonly DecisionMemo memo = new();

    /// <summary>A set that evaluates <paramref name="policies"/>, in this order.</summary>
    public PolicySet(IReadOnlyList<IPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        this.policies = [.. policies];
        if (this.policies.Any(p => p is null))
        {
            throw new ArgumentException("A policy is null.", nameof(policies));
        }

        memoizedAt = [.. Enumerable.Range(0, this.policies.Length).Where(i => this.policies[i] is CompiledPolicy { IsMemoizable: true })];
        memoized = [.. memoizedAt.Select(i => (CompiledPolicy)this.policies[i])];
        askedAt = [.. Enumerable.Range(0, this.policies.Length).Except(memoizedAt)];
    }

    /// <summary>The policies, in the order of the verdicts.</summary>
    public IReadOnlyList<IPolicy> Policies => policies;

    /// <summary>Operations whose decisions were remembered from an earlier one with the same facts (for tests).</summary>
    internal long RememberedOperations => memo.Hits;

    /// <summary>What every policy decides about <paramref name="operation"/>.</summary>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PolicyDecisions Decide(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var hash = 0;
        var decided = memoized.Length == 0 ? NoneMemoized : memo.Find(operation, out hash);
        if (decided is null)
        {
            var outcomes = new Outcome[memoized.Length];
            for (var i = 0; i < memoized.Length; i++)
            {
                outcomes[i] = memoized[i].Decide(operation);
            }

            decided = new PolicyDecisions(outcomes, null);
            memo.Remember(operation, hash, decided);
        }

        if (askedAt.Length == 0)
        {
            return decided;
        }

        var asked = new Verdict[askedAt.Length];
        for (var i = 0; i < askedAt.Length; i++)
        {
            asked[i] = policies[askedAt[i]].Evaluate(operation);
        }

        return new PolicyDecisions(decided.Outcomes, asked);
    }

    /// <summary>Writes the verdict of every policy about <paramref name="operation"/>, given what <see cref="Decide"/>
    /// returned for it, into <paramref name="verdicts"/>, in policy order.</summary>
    /// <exception cref="ArgumentException"><paramref name="verdicts"/> has room for fewer verdicts than there are
    /// policies, or <paramref name="decisions"/> are not this set's.</exception>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Verdicts(Operation operation, PolicyDecisions decisions, Span<Verdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(decisions);
        if (verdicts.Length < policies.Length)
        {
            throw new ArgumentException("There is less room than one verdict per policy.", nameof(verdicts));
        }

        var outcomes = decisions.Outcomes;
        if (outcomes.Length != memoized.Length || (decisions.Asked?.Length ?? 0) != askedAt.Length)
        {
            throw new ArgumentException("The decisions are not this set's.", nameof(decisions));
        }

        for (var i = 0; i < memoized.Length; i++)
        {
            verdicts[memoizedAt[i]] = outcomes[i].Decision == Decision.Allowed
                ? Verdict.Allow()
                : memoized[i].VerdictOf(operation, outcomes[i]);
        }

        for (var i = 0; i < askedAt.Length; i++)
        {
            verdicts[askedAt[i]] = decisions.Asked![i];
        }
    }

    /// <summary>Writes the verdict of every policy about <paramref name="operation"/> into <paramref name="verdicts"/>,
    /// in policy order: <see cref="Decide"/>, then <see cref="Verdicts"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="verdicts"/> has room for fewer verdicts than there are
    /// policies.</exception>
    public void Evaluate(Operation operation, Span<Verdict> verdicts) => Verdicts(operation, Decide(operation), verdicts);
}
