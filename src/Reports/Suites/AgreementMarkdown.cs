using System.Globalization;
using System.Text;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>The agreement matrix of <c>suite run --enforce</c> in the suite's Markdown report: the matrix, the counts
/// per policy, the summary line and every cell that does not agree.</summary>
internal static class AgreementMarkdown
{
    public static void Append(StringBuilder md, SuiteReport report)
    {
        md.Append("\n## Agreement with enforcement\n\nThe replay's predictions against a run with each policy enforced in block mode: ")
            .Append("agreed of compared operations per cell (")
            .Append(AgreementText.HandlerMark).Append(": an enforced error was caught and its handler ran; ")
            .Append(AgreementText.RealityMark).Append(": the reality check did not change as predicted).\n\n| scenario |");
        foreach (var policy in report.Policies)
        {
            md.Append(' ').Append(MarkdownText.Escape(policy)).Append(" |");
        }

        md.Append("\n|---|").Append(string.Concat(report.Policies.Select(_ => "---|"))).Append('\n');
        foreach (var scenario in report.Scenarios)
        {
            md.Append("| ").Append(MarkdownText.Code(scenario.Scenario.Id)).Append(" |");
            foreach (var policy in report.Policies)
            {
                var cell = scenario.Agreement.FirstOrDefault(c => c.Policy == policy);
                var text = cell is null ? "-" : MarkdownText.Escape(AgreementText.Cell(cell));
                md.Append(' ').Append(cell is { Status: not AgreementStatus.Agree } ? $"**{text}**" : text).Append(" |");
            }

            md.Append('\n');
        }

        md.Append("\n| policy | agree | operations | cells agree | disagree | could not run | caught by a handler |\n|---|---:|---:|---:|---:|---:|---:|\n");
        var summary = report.Agreement;
        foreach (var count in summary.Policies)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {MarkdownText.Escape(count.Policy ?? "")} | {count.PercentText} | {count.Agreed}/{count.Total} | {count.Cells[AgreementStatus.Agree]} | {count.Cells[AgreementStatus.Disagree]} | {count.Cells[AgreementStatus.CouldNotRun]} | {count.Caught} |\n");
        }

        md.Append('\n').Append(MarkdownText.Escape(AgreementText.Summary(summary))).Append('\n');
        foreach (var scenario in report.Scenarios)
        {
            foreach (var cell in scenario.Agreement.Where(c => c.Status != AgreementStatus.Agree))
            {
                md.Append("\n### ").Append(MarkdownText.Escape(AgreementText.Heading(scenario, cell))).Append('\n');
                var text = string.Join('\n', AgreementText.Details(cell));
                var fence = MarkdownText.Fence(text);
                md.Append('\n').Append(fence).Append('\n').Append(text).Append('\n').Append(fence).Append('\n');
            }
        }
    }
}
