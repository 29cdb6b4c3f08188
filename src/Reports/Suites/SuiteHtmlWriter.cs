using System.Globalization;
using System.Text;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>Writes a suite run as one self-contained HTML page: the matrix with coloured cells, what each policy caught
/// and missed, and the details of mismatches and of scenarios that could not run.</summary>
/// <remarks>Uses the replay reports' inline style sheet (<see cref="HtmlStyle"/>): no scripts, nothing fetched.</remarks>
public sealed class SuiteHtmlWriter(TextWriter output) : ISuiteReportWriter
{
    public async Task WriteAsync(SuiteReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>TraceLab scenario suite</title>\n<style>\n")
            .Append(HtmlStyle.Css).Append("\n</style>\n</head>\n<body>\n<h1>Scenario suite</h1>\n<p class=\"lede\">")
            .Append(CultureInfo.InvariantCulture,
                $"{report.Scenarios.Count} scenarios: {report.Count(ScenarioStatus.Passed)} passed, {report.Count(ScenarioStatus.Mismatch)} mismatch, {report.Count(ScenarioStatus.CouldNotRun)} could not run")
            .Append("</p>\n<h2>Matrix</h2>\n<table class=\"matrix\">\n<thead><tr><th>scenario</th><th>kind</th><th>reality</th>");
        foreach (var policy in report.Policies)
        {
            html.Append("<th>");
            HtmlText.Append(html, policy).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var result in report.Scenarios)
        {
            html.Append("<tr><td><code title=\"");
            HtmlText.Append(html, result.Scenario.Title).Append("\">");
            HtmlText.Append(html, result.Scenario.Id).Append("</code></td><td>")
                .Append(ScenarioKindNames.Of(result.Scenario.Kind)).Append("</td>").Append(RealityCell(result));
            foreach (var policy in report.Policies)
            {
                html.Append(result.Policies.FirstOrDefault(p => p.Policy == policy) is { } cell ? Cell(cell) : "<td>-</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n<h2>What each policy caught</h2>\n<table>\n<thead><tr><th>policy</th><th class=\"n\">attacks caught</th>"
            + "<th class=\"n\">attacks missed</th><th class=\"n\">benign flagged</th><th class=\"n\">benign clean</th><th class=\"n\">protected by PostgreSQL</th></tr></thead>\n<tbody>\n");
        foreach (var tally in report.Tallies)
        {
            html.Append("<tr><td>");
            HtmlText.Append(html, tally.Policy).Append(CultureInfo.InvariantCulture,
                $"</td><td class=\"n\">{tally.AttacksCaught}</td><td class=\"n\">{tally.AttacksMissed}</td><td class=\"n\">{tally.BenignFlagged}</td><td class=\"n\">{tally.BenignClean}</td><td class=\"n\">{tally.AttacksProtected}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        AppendDetails(html, report);
        if (report.Enforced)
        {
            AgreementHtml.Append(html, report);
        }

        html.Append("</body>\n</html>\n");
        await output.WriteAsync(html.ToString().AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static string RealityCell(ScenarioResult result) =>
        result.Status == ScenarioStatus.CouldNotRun ? "<td class=\"o-blocked\">could not run</td>"
        : result.Reality is null ? "<td>-</td>"
        : result.Reality.Matches ? $"<td class=\"o-allowed\">{RealityResult.Ok}</td>"
        : $"<td class=\"o-blocked\">{RealityResult.MismatchName}</td>";

    private static string Cell(PolicyResult result) => result.Cell switch
    {
        MatrixCell.Blocked => $"<td class=\"outcome o-blocked\">{SuiteText.Cell(result)}</td>",
        MatrixCell.Warned => $"<td class=\"outcome o-warned\">{SuiteText.Cell(result)}</td>",
        MatrixCell.Allowed => $"<td class=\"outcome o-allowed\">{SuiteText.Cell(result)}</td>",
        MatrixCell.Mismatch => $"<td class=\"outcome o-blocked\"><b>{SuiteText.Cell(result).ToUpperInvariant()}</b></td>",
        _ => $"<td class=\"outcome o-not_reached\">{SuiteText.Cell(result)}</td>",
    };

    private static void AppendDetails(StringBuilder html, SuiteReport report)
    {
        var failing = report.Scenarios.Where(s => s.Status != ScenarioStatus.Passed).ToList();
        if (failing.Count == 0)
        {
            return;
        }

        html.Append("<h2>Details</h2>\n");
        foreach (var result in failing)
        {
            html.Append("<div class=\"message\"><p><code>");
            HtmlText.Append(html, result.Scenario.Id).Append("</code>: ");
            var lines = new List<string>();
            if (result.Error is { } error)
            {
                HtmlText.Append(html, SuiteText.CouldNotRunHeading(result));
                lines.AddRange(SuiteText.ErrorLines(error));
            }
            else
            {
                html.Append("mismatch");
                if (result.Reality is { Matches: false } reality)
                {
                    lines.Add($"reality: expected \"{reality.Expected}\", got \"{reality.Actual}\"");
                }

                foreach (var policy in result.Policies.Where(p => p.Cell == MatrixCell.Mismatch))
                {
                    lines.Add($"{policy.Policy}:");
                    lines.AddRange(SuiteText.Differences(policy).Select(l => "  " + l));
                }
            }

            html.Append("</p><pre>");
            HtmlText.Append(html, string.Join('\n', lines)).Append("</pre></div>\n");
        }
    }
}
