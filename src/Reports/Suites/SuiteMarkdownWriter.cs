using System.Globalization;
using System.Text;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>Writes a suite run as GitHub-flavoured Markdown: the matrix, what each policy caught and missed, and the
/// details of every mismatch and of every scenario that could not run (for a pull request comment or README).</summary>
public sealed class SuiteMarkdownWriter(TextWriter output) : ISuiteReportWriter
{
    public async Task WriteAsync(SuiteReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("## Scenario suite\n\n");
        md.Append(CultureInfo.InvariantCulture,
            $"{report.Scenarios.Count} scenarios: {report.Count(ScenarioStatus.Passed)} passed, {report.Count(ScenarioStatus.Mismatch)} mismatch, {report.Count(ScenarioStatus.CouldNotRun)} could not run.\n\n");
        md.Append("| scenario | kind | reality |");
        foreach (var policy in report.Policies)
        {
            md.Append(' ').Append(MarkdownText.Escape(policy)).Append(" |");
        }

        md.Append("\n|---|---|---|").Append(string.Concat(report.Policies.Select(_ => "---|"))).Append('\n');
        foreach (var result in report.Scenarios)
        {
            md.Append("| ").Append(MarkdownText.Code(result.Scenario.Id))
                .Append(" | ").Append(ScenarioKindNames.Of(result.Scenario.Kind))
                .Append(" | ").Append(Reality(result)).Append(" |");
            foreach (var policy in report.Policies)
            {
                var cell = result.Policies.FirstOrDefault(p => p.Policy == policy);
                md.Append(' ').Append(cell is null ? "-" : Cell(cell)).Append(" |");
            }

            md.Append('\n');
        }

        md.Append("\n| policy | attacks caught | attacks missed | benign flagged | benign clean | protected by PostgreSQL |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var tally in report.Tallies)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {MarkdownText.Escape(tally.Policy)} | {tally.AttacksCaught} | {tally.AttacksMissed} | {tally.BenignFlagged} | {tally.BenignClean} | {tally.AttacksProtected} |\n");
        }

        AppendDetails(md, report);
        if (report.Enforced)
        {
            AgreementMarkdown.Append(md, report);
        }

        await output.WriteAsync(md.ToString().AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static string Reality(ScenarioResult result) =>
        result.Status == ScenarioStatus.CouldNotRun ? "**could not run**"
        : result.Reality is null ? "-"
        : result.Reality.Matches ? RealityResult.Ok
        : $"**{RealityResult.MismatchName}**";

    private static string Cell(PolicyResult result) =>
        result.Cell == MatrixCell.Mismatch ? $"**{MatrixCellNames.Of(MatrixCell.Mismatch)}**" : SuiteText.Cell(result);

    private static void AppendDetails(StringBuilder md, SuiteReport report)
    {
        foreach (var result in report.Scenarios.Where(s => s.Status != ScenarioStatus.Passed))
        {
            var lines = new List<string>();
            if (result.Error is { } error)
            {
                md.Append("\n### ").Append(MarkdownText.Code(result.Scenario.Id, inTable: false)).Append(": ")
                    .Append(MarkdownText.Escape(SuiteText.CouldNotRunHeading(result))).Append('\n');
                lines.AddRange(SuiteText.ErrorLines(error));
            }
            else
            {
                md.Append("\n### ").Append(MarkdownText.Code(result.Scenario.Id, inTable: false)).Append(": mismatch\n");
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

            var text = string.Join('\n', lines);
            var fence = MarkdownText.Fence(text);
            md.Append('\n').Append(fence).Append('\n').Append(text).Append('\n').Append(fence).Append('\n');
        }
    }
}
