using TraceLab.Replayer;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Cli.Reports;

/// <summary>Whether a finished replay broke any <c>--fail-on</c> expectation, and the sentences that say so.</summary>
/// <remarks>Counts come from the footer, which counts every replayed operation: a diff fails on an operation even
/// when every policy gave it the same outcome and the diff did not list it.</remarks>
internal static class FailOnCheck
{
    /// <summary>One line per policy and forbidden outcome that occurred, e.g.
    /// <c>3 operations blocked under "strict-trusted-chain"</c>; empty when nothing was forbidden.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyList<Expectation> expectations, ReportFooter footer)
    {
        var totals = footer.Summary.Totals;
        var violations = new List<string>();
        foreach (var expectation in expectations)
        {
            var counts = totals.First(t => t.Policy == expectation.Policy);
            foreach (var outcome in expectation.Forbidden)
            {
                var count = counts.Of(outcome);
                if (count > 0)
                {
                    violations.Add(FormattableString.Invariant(
                        $"{count} operation{(count == 1 ? "" : "s")} {ReportNames.Of(outcome)} under \"{expectation.Policy}\""));
                }
            }
        }

        return violations;
    }
}
