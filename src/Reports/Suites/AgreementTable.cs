using System.Globalization;
using Spectre.Console;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>The agreement matrix of <c>suite run --enforce</c> on a console: scenario × policy, agreed of compared
/// operations per cell; then every cell that does not agree, explained; the counts per policy and the summary line.</summary>
/// <remarks>A cell is green when it agrees, bold red when it does not, red when its enforced run could not run.</remarks>
internal static class AgreementTable
{
    private const int UnwrappedWidth = 1_000_000;

    public static void Write(IAnsiConsole console, SuiteReport report)
    {
        console.WriteLine();
        console.MarkupLine("[bold]Agreement with enforcement[/]: the replay's predictions against a run with each policy enforced in block mode");
        console.Write(Matrix(report));
        console.MarkupLine(Markup.Escape(
            $"{AgreementText.HandlerMark}: an enforced error was caught and its handler ran; {AgreementText.RealityMark}: the reality check did not change as predicted"));
        foreach (var scenario in report.Scenarios)
        {
            foreach (var cell in scenario.Agreement.Where(c => c.Status != AgreementStatus.Agree))
            {
                console.WriteLine();
                console.MarkupLine($"[bold red]{Markup.Escape(AgreementStatusNames.Of(cell.Status))}[/]: {Markup.Escape(AgreementText.Heading(scenario, cell))}");
                foreach (var line in AgreementText.Details(cell))
                {
                    WriteUnwrapped(console, $"  {Markup.Escape(line)}");
                }
            }
        }

        foreach (var scenario in report.Scenarios)
        {
            foreach (var cell in scenario.Agreement.Where(c => c.Kept))
            {
                console.WriteLine();
                console.MarkupLine($"kept [bold]{Markup.Escape(scenario.Scenario.Id)}[/] under {Markup.Escape(cell.Policy)}: database {Markup.Escape(cell.Database)}, role prefix {Markup.Escape(cell.RolePrefix)}");
                foreach (var session in cell.Sessions)
                {
                    console.MarkupLine($"  session {Markup.Escape(session.SessionId)}  {Markup.Escape(session.User)}  {Markup.Escape(session.BackendType)}");
                }
            }
        }

        console.WriteLine();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("policy").AddColumn(new TableColumn("agree").RightAligned())
            .AddColumn(new TableColumn("operations").RightAligned()).AddColumn(new TableColumn("cells agree").RightAligned())
            .AddColumn(new TableColumn("disagree").RightAligned()).AddColumn(new TableColumn("could not run").RightAligned())
            .AddColumn(new TableColumn("caught by a handler").RightAligned());
        var summary = report.Agreement;
        foreach (var count in summary.Policies)
        {
            table.AddRow(
                Markup.Escape(count.Policy ?? ""),
                count.PercentText,
                Number(count.Agreed) + "/" + Number(count.Total),
                Number(count.Cells[AgreementStatus.Agree]),
                Number(count.Cells[AgreementStatus.Disagree]),
                Number(count.Cells[AgreementStatus.CouldNotRun]),
                Number(count.Caught));
        }

        console.Write(table);
        WriteUnwrapped(console, Markup.Escape(AgreementText.Summary(summary)));
    }

    /// <summary>One line drawn as if the console were as wide as it: a terminal wraps it itself, and a hard break
    /// inside a chain or a DETAIL breaks copying and grep on piped output (as the replay's table writes messages).</summary>
    private static void WriteUnwrapped(IAnsiConsole console, string markup)
    {
        var width = console.Profile.Width;
        console.Profile.Width = UnwrappedWidth;
        try
        {
            console.MarkupLine(markup);
        }
        finally
        {
            console.Profile.Width = width;
        }
    }

    private static Table Matrix(SuiteReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("scenario");
        foreach (var policy in report.Policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(TextShortener.PolicyHeader(policy))).NoWrap());
        }

        foreach (var scenario in report.Scenarios)
        {
            var cells = new List<string> { Markup.Escape(scenario.Scenario.Id) };
            cells.AddRange(report.Policies.Select(p => scenario.Agreement.FirstOrDefault(c => c.Policy == p) is { } cell
                ? CellMarkup(cell)
                : "[dim]-[/]"));
            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static string CellMarkup(AgreementResult cell) => cell.Status switch
    {
        AgreementStatus.Agree => $"[green]{Markup.Escape(AgreementText.Cell(cell))}[/]",
        AgreementStatus.Disagree => $"[bold red]{Markup.Escape(AgreementText.Cell(cell))}[/]",
        _ => $"[red]{Markup.Escape(AgreementText.Cell(cell))}[/]",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
