using System.Globalization;
using Spectre.Console;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>Writes a suite run to a console: the scenario × policy matrix with a reality column, the details of every
/// mismatch and of every scenario that could not run, and the counts.</summary>
/// <remarks>Cells: <c>blocked</c> red, <c>warned</c> yellow, <c>allowed</c> green when they match the expectation;
/// <c>MISMATCH</c> bold red; a policy the scenario has no expectation for shows what it did in parentheses, dim.</remarks>
public sealed class SuiteTableWriter(IAnsiConsole console) : ISuiteReportWriter
{
    /// <summary>A writer of plain text without colour, <paramref name="width"/> columns wide, to <paramref name="output"/>.</summary>
    public SuiteTableWriter(TextWriter output, int width = 160)
        : this(PlainConsole.Over(output, width))
    {
    }

    public Task WriteAsync(SuiteReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        console.Write(Matrix(report));
        WriteMismatches(report);
        WriteCouldNotRun(report);
        WriteKept(report);
        WriteSummary(report);
        if (report.Enforced)
        {
            AgreementTable.Write(console, report);
        }

        return Task.CompletedTask;
    }

    /// <summary>The short form of a run (what <c>tracelab demo</c> ends with): the details of every scenario that did not
    /// pass, then the counts per policy, without the matrix.</summary>
    public void WriteShortForm(SuiteReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        WriteMismatches(report);
        WriteCouldNotRun(report);
        WriteSummary(report);
    }

    private static Table Matrix(SuiteReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("scenario").AddColumn("kind").AddColumn("reality");
        foreach (var policy in report.Policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(TextShortener.PolicyHeader(policy))).NoWrap());
        }

        foreach (var result in report.Scenarios)
        {
            var cells = new List<string>
            {
                Markup.Escape(result.Scenario.Id),
                ScenarioKindNames.Of(result.Scenario.Kind),
                result.Reality is { } reality
                    ? reality.Matches ? $"[green]{RealityResult.Ok}[/]" : $"[bold red]{RealityResult.MismatchName.ToUpperInvariant()}[/]"
                    : "[dim]-[/]",
            };
            if (result.Status == ScenarioStatus.CouldNotRun)
            {
                cells[2] = "[bold red]COULD NOT RUN[/]";
                cells.AddRange(report.Policies.Select(_ => "[dim]-[/]"));
            }
            else
            {
                cells.AddRange(report.Policies.Select(p =>
                    result.Policies.FirstOrDefault(r => r.Policy == p) is { } cell ? CellMarkup(cell) : "[dim]-[/]"));
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static string CellMarkup(PolicyResult result) => result.Cell switch
    {
        MatrixCell.Blocked => $"[red]{SuiteText.Cell(result)}[/]",
        MatrixCell.Warned => $"[yellow]{SuiteText.Cell(result)}[/]",
        MatrixCell.Allowed => $"[green]{SuiteText.Cell(result)}[/]",
        MatrixCell.Mismatch => $"[bold red]{SuiteText.Cell(result).ToUpperInvariant()}[/]",
        _ => $"[dim]{SuiteText.Cell(result)}[/]",
    };

    private void WriteMismatches(SuiteReport report)
    {
        foreach (var result in report.Scenarios.Where(s => s.Status == ScenarioStatus.Mismatch))
        {
            console.WriteLine();
            console.MarkupLine($"[bold red]mismatch[/] in [bold]{Markup.Escape(result.Scenario.Id)}[/] ({Markup.Escape(result.Scenario.Path)})");
            if (result.Reality is { Matches: false } reality)
            {
                console.MarkupLine($"  reality: expected [bold]{Markup.Escape(Quoted(reality.Expected))}[/], got [bold]{Markup.Escape(Quoted(reality.Actual))}[/] from {Markup.Escape(reality.Query)}");
            }

            foreach (var policy in result.Policies.Where(p => p.Cell == MatrixCell.Mismatch))
            {
                console.MarkupLine($"  [bold]{Markup.Escape(policy.Policy)}[/]: expected {Markup.Escape(Summary(policy.Expected!.Blocked.Count, policy.Expected.Warned.Count))}, actual {Markup.Escape(Summary(policy.Actual.Blocked.Count, policy.Actual.Warned.Count))}");
                foreach (var line in SuiteText.Differences(policy))
                {
                    console.MarkupLine($"    {Markup.Escape(line)}");
                }

                console.MarkupLine("    [dim]what it did, as the header's expect: states it:[/]");
                foreach (var line in ExpectationYaml.Of(policy.Policy, policy.Actual))
                {
                    console.MarkupLine($"    [dim]{Markup.Escape(line)}[/]");
                }
            }
        }
    }

    private void WriteCouldNotRun(SuiteReport report)
    {
        foreach (var result in report.Scenarios.Where(s => s.Error is not null))
        {
            console.WriteLine();
            console.MarkupLine($"[bold red]{Markup.Escape(SuiteText.CouldNotRunHeading(result))}[/]: [bold]{Markup.Escape(result.Scenario.Id)}[/] ({Markup.Escape(result.Scenario.Path)})");
            foreach (var line in SuiteText.ErrorLines(result.Error!))
            {
                console.MarkupLine($"  {Markup.Escape(line)}");
            }
        }
    }

    private void WriteKept(SuiteReport report)
    {
        foreach (var result in report.Scenarios.Where(s => s.Kept))
        {
            console.WriteLine();
            console.MarkupLine($"kept [bold]{Markup.Escape(result.Scenario.Id)}[/]: database {Markup.Escape(result.Database)}, role prefix {Markup.Escape(result.RolePrefix)}");
            foreach (var session in result.Sessions)
            {
                console.MarkupLine($"  session {Markup.Escape(session.SessionId)}  {Markup.Escape(session.User)}  {Markup.Escape(session.BackendType)}");
            }
        }
    }

    private void WriteSummary(SuiteReport report)
    {
        console.WriteLine();
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Scenarios.Count} scenarios: {report.Count(ScenarioStatus.Passed)} passed, {report.Count(ScenarioStatus.Mismatch)} mismatch, {report.Count(ScenarioStatus.CouldNotRun)} could not run"));
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("policy").AddColumn("attacks caught").AddColumn("attacks missed").AddColumn("benign flagged").AddColumn("benign clean")
            .AddColumn("protected by PostgreSQL");
        foreach (var tally in report.Tallies)
        {
            table.AddRow(
                Markup.Escape(tally.Policy),
                Number(tally.AttacksCaught),
                Number(tally.AttacksMissed),
                Number(tally.BenignFlagged),
                Number(tally.BenignClean),
                Number(tally.AttacksProtected));
        }

        console.Write(table);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quoted(string value) => $"\"{value}\"";

    private static string Summary(int blocked, int warned) => blocked == 0 && warned == 0
        ? "allowed"
        : string.Create(CultureInfo.InvariantCulture, $"{blocked} blocked, {warned} warned");
}
