using TraceLab.Replayer;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Cli.Reports;

/// <summary>One <c>--fail-on OUTCOME[:POLICY]</c>: the run fails when an operation has <see cref="Outcome"/> under
/// <see cref="Policy"/>, or under any policy when no policy is named.</summary>
internal sealed record FailOnRule(Outcome Outcome, string? Policy)
{
    /// <summary>Parses <paramref name="text"/>; a <see cref="CliException"/> names what was expected.</summary>
    public static FailOnRule Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var outcomeName = (colon < 0 ? text : text[..colon]).Trim();
        var policy = colon < 0 ? null : text[(colon + 1)..].Trim();
        if (!ReportNames.TryParseOutcome(outcomeName.ToLowerInvariant(), out var outcome))
        {
            throw CliException.Usage(
                $"invalid --fail-on value \"{text}\"",
                $"\"{outcomeName}\" is not an outcome; the outcomes are {string.Join(", ", ReportNames.OutcomeNames)}.",
                "Write --fail-on OUTCOME or --fail-on OUTCOME:POLICY, for example --fail-on blocked:strict-trusted-chain.");
        }

        if (policy is { Length: 0 })
        {
            throw CliException.Usage(
                $"invalid --fail-on value \"{text}\"",
                "The policy name after the colon is empty.",
                "Write --fail-on OUTCOME to watch every policy, or --fail-on OUTCOME:POLICY for one.");
        }

        return new FailOnRule(outcome, policy);
    }

    /// <summary>The expectations <paramref name="rules"/> put on <paramref name="policies"/>, one per policy that any
    /// rule watches, in replay order.</summary>
    /// <exception cref="CliException">A rule names a policy that is not part of the replay.</exception>
    public static IReadOnlyList<Expectation> Expectations(IReadOnlyList<FailOnRule> rules, IReadOnlyList<string> policies)
    {
        foreach (var rule in rules)
        {
            if (rule.Policy is { } named && !policies.Contains(named, StringComparer.Ordinal))
            {
                throw CliException.Usage(
                    $"--fail-on names policy \"{named}\", which is not replayed",
                    $"The policies replayed are {string.Join(", ", policies.Select(p => $"\"{p}\""))}.",
                    "Name one of them, or add it with --policy.");
            }
        }

        return
        [
            .. policies
                .Select(policy => new Expectation(
                    policy,
                    [.. rules.Where(r => r.Policy is null || r.Policy == policy).Select(r => r.Outcome).Distinct().Order()]))
                .Where(e => e.Forbidden.Count > 0),
        ];
    }
}
