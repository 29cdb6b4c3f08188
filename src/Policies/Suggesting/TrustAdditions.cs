using TraceLab.Policies.Language;

namespace TraceLab.Policies.Suggesting;

/// <summary>Applies trust additions to a policy definition, changing nothing else.</summary>
internal static class TrustAdditions
{
    /// <summary><paramref name="definition"/> whose rules trust also what <paramref name="additions"/> add.</summary>
    /// <remarks>Roles keep their order in the file, new executing roles come after them, and each list grows at its end,
    /// in the order of <paramref name="additions"/>: the written file is the base file's, plus lines.</remarks>
    public static PolicyDefinition Apply(PolicyDefinition definition, IEnumerable<TrustAddition> additions)
    {
        var byRule = additions.GroupBy(a => a.Rule).ToDictionary(g => g.Key, g => g.ToList());
        if (byRule.Count == 0)
        {
            return definition;
        }

        var rules = definition.Rules.Select((rule, i) => byRule.TryGetValue(i, out var added) ? Grow(rule, added) : rule).ToList();
        return definition with { Rules = rules };
    }

    private static RuleDefinition Grow(RuleDefinition rule, List<TrustAddition> additions)
    {
        var trust = rule.Trust;
        var roles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (executor, owners) in trust.Roles)
        {
            roles[executor] = [.. owners];
            order.Add(executor);
        }

        var infrastructure = trust.Infrastructure;
        foreach (var addition in additions)
        {
            if (addition.IsInfrastructure)
            {
                infrastructure |= addition.Infrastructure;
                continue;
            }

            var executor = addition.Executor ?? throw new InvalidOperationException("A role addition needs an executing role.");
            var owner = addition.Owner ?? throw new InvalidOperationException("A role addition needs a trusted role.");
            if (!roles.TryGetValue(executor, out var list))
            {
                roles[executor] = list = [];
                order.Add(executor);
            }

            if (!list.Contains(owner, StringComparer.Ordinal))
            {
                list.Add(owner);
            }
        }

        var grown = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var executor in order)
        {
            grown[executor] = roles[executor];
        }

        return rule with { Trust = trust with { Roles = grown, Infrastructure = infrastructure } };
    }
}
