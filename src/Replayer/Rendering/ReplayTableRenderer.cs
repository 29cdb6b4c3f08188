using Spectre.Console;
using TraceLab.Replayer.Output;

namespace TraceLab.Replayer.Rendering;

/// <summary>Renders a collected <see cref="ReplayReport"/> as a console table, through <see cref="TableReportWriter"/>.</summary>
/// <remarks>
/// The console is injected so the CLI writes to the terminal and tests render into a string. <see cref="Render(ReplayReport)"/>
/// lists every operation of the report (up to <see cref="ReplayTableOptions.MaxOperations"/>), since the report is
/// already in memory; a streaming replay feeds a <see cref="TableReportWriter"/> instead, which lists only what some
/// policy did not simply allow unless told otherwise.
/// </remarks>
public sealed class ReplayTableRenderer
{
    private readonly IAnsiConsole console;
    private readonly ReplayTableOptions options;

    /// <summary>A renderer that writes to <paramref name="console"/>.</summary>
    public ReplayTableRenderer(IAnsiConsole console, ReplayTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        this.console = console;
        this.options = options ?? new ReplayTableOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxStatementLength, 8, nameof(options));
    }

    /// <summary>The table, the error of every block (if enabled), the summary and the report's shapes.</summary>
    public void Render(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Render(report, report.Shapes);
    }

    /// <summary>The table, the error of every block (if enabled), the summary and <paramref name="shapes"/>.</summary>
    public void Render(ReplayReport report, IReadOnlyList<Shapes.ShapeSummary> shapes)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(shapes);
        var all = new TableReportWriter(console, options with { ListAllowed = true });
        all.Begin(ReportWriting.HeaderOf(report));
        foreach (var operation in report.Operations)
        {
            all.Write(operation);
        }

        all.End(new ReportFooter(report.Summary, shapes) { OperationsWritten = report.Operations.Count });
    }

    /// <summary>The table of every operation alone.</summary>
    public void RenderTable(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Writer().RenderTable(report.Policies, report.Operations);
    }

    /// <summary>The error of every block and the warning of every warned operation, in report order.</summary>
    public void RenderMessages(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Writer().RenderMessages(report.Operations, everyOutcome: false);
    }

    /// <summary>Outcome counts per session and policy, with a total row.</summary>
    public void RenderSummary(ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Writer().RenderSummary(summary);
    }

    private TableReportWriter Writer() => new(console, options);
}
