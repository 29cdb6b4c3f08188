using System.Text;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>The agreement matrix of <c>suite run --enforce</c> in the suite's HTML page: the matrix with coloured cells,
/// the summary line and every cell that does not agree.</summary>
internal static class AgreementHtml
{
    public static void Append(StringBuilder html, SuiteReport report)
    {
        html.Append("<h2>Agreement with enforcement</h2>\n<p>The replay's predictions against a run with each policy enforced in block mode: agreed of compared operations per cell (");
        HtmlText.Append(html, $"{AgreementText.HandlerMark}: an enforced error was caught and its handler ran; {AgreementText.RealityMark}: the reality check did not change as predicted");
        html.Append(").</p>\n<table class=\"matrix\">\n<thead><tr><th>scenario</th>");
        foreach (var policy in report.Policies)
        {
            html.Append("<th>");
            HtmlText.Append(html, policy).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var scenario in report.Scenarios)
        {
            html.Append("<tr><td><code>");
            HtmlText.Append(html, scenario.Scenario.Id).Append("</code></td>");
            foreach (var policy in report.Policies)
            {
                if (scenario.Agreement.FirstOrDefault(c => c.Policy == policy) is not { } cell)
                {
                    html.Append("<td>-</td>");
                    continue;
                }

                html.Append(cell.Status == AgreementStatus.Agree ? "<td class=\"outcome o-allowed\">" : "<td class=\"outcome o-blocked\">");
                HtmlText.Append(html, AgreementText.Cell(cell)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n<p>");
        HtmlText.Append(html, AgreementText.Summary(report.Agreement)).Append("</p>\n");
        foreach (var scenario in report.Scenarios)
        {
            foreach (var cell in scenario.Agreement.Where(c => c.Status != AgreementStatus.Agree))
            {
                html.Append("<div class=\"message\"><p>");
                HtmlText.Append(html, AgreementText.Heading(scenario, cell)).Append("</p><pre>");
                HtmlText.Append(html, string.Join('\n', AgreementText.Details(cell))).Append("</pre></div>\n");
            }
        }
    }
}
