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
/// <para>Not safe for concurrent use: make one per stream of operations. The policies themselves may be shared.</para>
/// </remarks>
public sealed class PolicySet
{
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

        var memoizable = Enumerable.Range(0, this.policies.Length)
            .Where(i => this.policies[i] is CompiledPolicy { IsMemoizable: true }).ToArray();
        memoizedAt = memoizable;
        memoized = [.. memoizable.Select(i => (CompiledPolicy)this.policies[i])];
        askedAt = [.. Enumerable.Range(0, this.policies.Length).Except(memoizable)];
    }

    /// <summary>The policies, in the order of the verdicts.</summary>
    public IReadOnlyList<IPolicy> Policies => policies;

    /// <summary>Operations whose outcomes were remembered from an earlier one with the same facts (for tests).</summary>
    internal long RememberedOperations => memo.Hits;

    /// <summary>Writes the verdict of every policy about <paramref name="operation"/> into <paramref name="verdicts"/>,
    /// in policy order.</summary>
    /// <exception cref="ArgumentException"><paramref name="verdicts"/> has room for fewer verdicts than there are
    /// policies.</exception>
    public void Evaluate(Operation operation, Span<Verdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (verdicts.Length < policies.Length)
        {
            throw new ArgumentException("There is less room than one verdict per policy.", nameof(verdicts));
        }

        if (memoized.Length > 0)
        {
            var outcomes = memo.Find(operation, out var hash);
            if (outcomes is null)
            {
                outcomes = new Outcome[memoized.Length];
                for (var i = 0; i < memoized.Length; i++)
                {
                    outcomes[i] = memoized[i].Decide(operation);
                }

                memo.Remember(operation, hash, outcomes);
            }

            for (var i = 0; i < memoized.Length; i++)
            {
                verdicts[memoizedAt[i]] = outcomes[i].Decision == Decision.Allowed
                    ? Verdict.Allow()
                    : memoized[i].VerdictOf(operation, outcomes[i]);
            }
        }

        foreach (var i in askedAt)
        {
            verdicts[i] = policies[i].Evaluate(operation);
        }
    }
}
