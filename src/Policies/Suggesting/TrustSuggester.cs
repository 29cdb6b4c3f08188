using TraceLab.Policies.Evaluation;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Suggesting;

/// <summary>Finds a minimal set of trust additions under which a policy flags none of the recorded operations it
/// flagged (LANGUAGE.md, "Suggestions").</summary>
/// <remarks>
/// <para>
/// Every question is put to the policy's own evaluator, never to a second copy of its trust logic, as
/// <c>UntrustedOwners</c> does for the HINT. Growing a rule's trust never changes which rule matches an operation (rules
/// match on what an operation is and on <c>when</c>, not on trust), and only lets more entries count as trusted, so an
/// operation the base policy allows stays allowed: only the flagged operations need to be looked at.
/// </para>
/// <para>
/// First, candidates: for each flagged operation, ask the policy with the candidates so far for its culprit, add every
/// addition that trusts that one entry (its owner for the executing user, and each kind of infrastructure that covers
/// it), and ask again until the operation is allowed, or no addition can trust the culprit. Then, minimisation: drop the
/// candidates one at a time — kinds of infrastructure first, since they trust an entry whoever owns it and for every
/// executing user, then roles trusted by every user (<c>*</c>), then the other roles, each group in the order the
/// additions were first needed — keeping a drop when every operation the candidates let through is still let through.
/// One pass is enough: an addition kept because dropping it flagged an operation would flag it again after later drops,
/// which only take trust away. The result is minimal (no single addition can go), not necessarily the smallest possible.
/// </para>
/// </remarks>
public static class TrustSuggester
{
    /// <summary>The additions that let <paramref name="flagged"/> through <paramref name="basePolicy"/>.</summary>
    /// <param name="basePolicy">The policy to grow.</param>
    /// <param name="flagged">The distinct recorded operations the base policy blocks or warns about.</param>
    public static Suggestion Suggest(PolicyDefinition basePolicy, IReadOnlyList<FlaggedOperation> flagged)
    {
        ArgumentNullException.ThrowIfNull(basePolicy);
        ArgumentNullException.ThrowIfNull(flagged);
        var candidates = new List<TrustAddition>();
        var unallowed = new List<UnallowedOperation>();
        var policy = Compile(basePolicy, candidates);
        foreach (var operation in flagged)
        {
            var outcome = policy.Decide(operation.Operation);
            while (outcome.Decision != Decision.Allowed)
            {
                var added = Candidates(basePolicy, candidates, operation.Operation, outcome);
                if (added.Count == 0)
                {
                    unallowed.Add(Unallowed(basePolicy, operation, outcome));
                    break;
                }

                candidates.AddRange(added);
                policy = Compile(basePolicy, candidates);
                outcome = policy.Decide(operation.Operation);
            }
        }

        var stuck = unallowed.Select(u => u.Operation).ToHashSet(ReferenceEqualityComparer.Instance);
        var letThrough = flagged.Where(o => !stuck.Contains(o)).ToList();
        var kept = Minimise(basePolicy, candidates, letThrough);
        var final = Compile(basePolicy, kept);
        if (letThrough.Any(o => final.Decide(o.Operation).Decision != Decision.Allowed))
        {
            throw new InvalidOperationException("The minimised additions no longer let every operation through.");
        }

        var additions = kept.Select(a => Needing(basePolicy, kept, a, letThrough)).ToList();
        return new Suggestion(TrustAdditions.Apply(basePolicy, kept), additions, unallowed);
    }

    /// <summary>The additions that trust the culprit of <paramref name="outcome"/> and are not candidates yet.</summary>
    private static List<TrustAddition> Candidates(
        PolicyDefinition basePolicy, List<TrustAddition> candidates, Operation operation, Outcome outcome)
    {
        if (outcome.Rule < 0 || outcome.Culprit < 0)
        {
            return [];
        }

        var entry = operation.Chain[outcome.Culprit];
        var options = new List<TrustAddition>();
        if (!entry.Synthetic && entry.Owner.Name is { } owner)
        {
            options.Add(TrustAddition.Role(outcome.Rule, operation.Executor.Name ?? "*", owner));
        }

        options.AddRange(Vocabulary.Infrastructure.Select(kind => TrustAddition.Kind(outcome.Rule, kind.Value)));

        // An addition counts when, added alone to the candidates, it moves the culprit on: the evaluator says so.
        return [.. options.Where(option => !candidates.Contains(option) && Trusts(basePolicy, candidates, option, operation, outcome))];
    }

    private static bool Trusts(
        PolicyDefinition basePolicy, List<TrustAddition> candidates, TrustAddition option, Operation operation, Outcome outcome)
    {
        var trial = Compile(basePolicy, [.. candidates, option]).Decide(operation);
        return trial.Decision == Decision.Allowed || trial.Culprit != outcome.Culprit;
    }

    private static UnallowedOperation Unallowed(PolicyDefinition basePolicy, FlaggedOperation operation, Outcome outcome)
    {
        if (outcome.Rule < 0 || outcome.Culprit < 0)
        {
            return new UnallowedOperation(operation, UnallowedReason.Default, outcome.Decision, null, null);
        }

        var culprit = operation.Operation.Chain[outcome.Culprit];
        var reason = culprit.Synthetic ? UnallowedReason.MissingFrame : UnallowedReason.UndescribedOwner;
        return new UnallowedOperation(operation, reason, outcome.Decision, basePolicy.Rules[outcome.Rule].Name, culprit);
    }

    private static List<TrustAddition> Minimise(
        PolicyDefinition basePolicy, List<TrustAddition> candidates, List<FlaggedOperation> letThrough)
    {
        var kept = new List<TrustAddition>(candidates);
        var order = candidates.Where(a => a.IsInfrastructure)
            .Concat(candidates.Where(a => !a.IsInfrastructure && a.Executor == "*"))
            .Concat(candidates.Where(a => !a.IsInfrastructure && a.Executor != "*"));
        foreach (var addition in order)
        {
            var without = kept.Where(a => a != addition).ToList();
            var trial = Compile(basePolicy, without);
            if (letThrough.All(o => trial.Decide(o.Operation).Decision == Decision.Allowed))
            {
                kept = without;
            }
        }

        return kept;
    }

    /// <summary>The operations the policy flags again without <paramref name="addition"/>.</summary>
    private static SuggestedAddition Needing(
        PolicyDefinition basePolicy, List<TrustAddition> kept, TrustAddition addition, List<FlaggedOperation> letThrough)
    {
        var without = Compile(basePolicy, [.. kept.Where(a => a != addition)]);
        var needing = letThrough.Where(o => without.Decide(o.Operation).Decision != Decision.Allowed).ToList();
        return new SuggestedAddition(
            addition,
            needing.Sum(o => o.Count),
            [.. needing.SelectMany(o => o.Examples).Take(FlaggedOperations.ExamplesKept)]);
    }

    private static CompiledPolicy Compile(PolicyDefinition basePolicy, IEnumerable<TrustAddition> additions) =>
        new(TrustAdditions.Apply(basePolicy, additions));
}
