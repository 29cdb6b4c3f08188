using System.Globalization;
using Spectre.Console;
using TraceLab.Policies;
using TraceLab.Replayer.Provenance;

namespace TraceLab.Replayer.Rendering;

/// <summary>Renders a replay as a console table, one column per policy, followed by the errors the blocks would raise.</summary>
/// <remarks>
/// The console is injected so the CLI writes to the terminal and tests render into a string. Each row shows the
/// operation's chain one entry per line, the root first and every later entry after <c>└</c>, with the entry's
/// owner and phase beside it; entries a blocking policy names as culprit are highlighted and marked <c>← culprit</c>,
/// so the mark survives consoles without colour.
/// Beneath the table every block is printed the way psql prints an error (<c>ERROR:  …</c>, <c>DETAIL:  …</c>,
/// <c>HINT:  …</c>), labelled with its policy, session and seq.
/// </remarks>
public sealed class ReplayTableRenderer
{
    // Fits every word of every command tag but CONFIGURATION; longer tags wrap at their spaces.
    private const int CommandWidth = 12;

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

    /// <summary>The table and, if enabled, the error of every block.</summary>
    public void Render(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        RenderTable(report);
        if (options.ShowMessages)
        {
            RenderMessages(report);
        }
    }

    /// <summary>The table of operations alone.</summary>
    public void RenderTable(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Border(TableBorder.Rounded).ShowRowSeparators();
        table.AddColumn(new TableColumn("session").NoWrap());
        table.AddColumn(new TableColumn("seq").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("command") { Width = CommandWidth });
        table.AddColumn(new TableColumn("executor"));
        table.AddColumn(new TableColumn("chain"));
        foreach (var policy in report.Policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(TextShortener.PolicyHeader(policy))).NoWrap());
        }

        foreach (var replayed in report.Operations)
        {
            var operation = replayed.Operation;
            var cells = new List<Markup>
            {
                new(Markup.Escape(TextShortener.Session(operation.SessionId))),
                new(operation.Seq.ToString(CultureInfo.InvariantCulture)),
                new(Markup.Escape(operation.Command)),
                new(Markup.Escape(operation.Executor.DisplayName)),
                new(ChainCell(replayed)),
            };
            cells.AddRange(replayed.Verdicts.Select(v => new Markup(v.Verdict.Decision switch
            {
                Decision.Blocked => "[red]blocked[/]",
                Decision.Warned => "[yellow]warned[/]",
                _ => "[green]allowed[/]",
            })));
            table.AddRow(cells);
        }

        console.Write(table);
    }

    /// <summary>The error of every block and the warning of every warned operation, in report order.</summary>
    public void RenderMessages(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var replayed in report.Operations)
        {
            foreach (var (policy, verdict, _) in replayed.Verdicts)
            {
                if (verdict.Decision == Decision.Allowed)
                {
                    continue;
                }

                var operation = replayed.Operation;
                var warned = verdict.IsWarned;
                console.WriteLine();
                var session = Markup.Escape(operation.SessionId);
                console.MarkupLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Policy [bold]{Markup.Escape(policy)}[/] would {(warned ? "warn about" : "block")} seq {operation.Seq} in session {session}:"));
                console.MarkupLine(warned
                    ? $"[yellow]WARNING[/]:  {Markup.Escape(verdict.Message ?? "")}"
                    : $"[red]ERROR[/]:  {Markup.Escape(verdict.Message ?? "")}");
                if (verdict.Detail is { } detail)
                {
                    console.MarkupLine($"DETAIL:  {Markup.Escape(detail)}");
                }

                if (verdict.Hint is { } hint)
                {
                    console.MarkupLine($"HINT:  {Markup.Escape(hint)}");
                }
            }
        }
    }

    /// <summary>Allowed, blocked and warned counts per session and policy, with a total row.</summary>
    public void RenderSummary(ReplaySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("session").NoWrap());
        table.AddColumn(new TableColumn("database"));
        table.AddColumn(new TableColumn("operations").RightAligned());
        foreach (var policy in summary.Policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(TextShortener.PolicyHeader(policy))).RightAligned().NoWrap());
        }

        foreach (var session in summary.Sessions)
        {
            var database = Markup.Escape(session.Database ?? "");
            table.AddRow(Row(Markup.Escape(session.SessionId), database, session.Operations, session.Policies));
        }

        table.AddRow(Row("[bold]total[/]", "", summary.Operations, summary.Totals));
        console.Write(table);
    }

    private static Markup[] Row(string session, string database, long operations, IReadOnlyList<PolicyCounts> counts) =>
    [
        new(session),
        new(database),
        new(operations.ToString(CultureInfo.InvariantCulture)),
        .. counts.Select(c => new Markup(string.Create(
            CultureInfo.InvariantCulture,
            $"[green]{c.Allowed}[/] allowed\n{(c.Blocked > 0 ? "[red]" : "[dim]")}{c.Blocked}[/] blocked"
            + $"\n{(c.Warned > 0 ? "[yellow]" : "[dim]")}{c.Warned}[/] warned"))),
    ];

    private string ChainCell(ReplayedOperation replayed)
    {
        var culprits = replayed.Verdicts
            .Where(v => v.Verdict.Decision != Decision.Allowed && v.Verdict.CulpritIndex is not null)
            .Select(v => v.Verdict.CulpritIndex.GetValueOrDefault())
            .ToHashSet();
        var chain = replayed.Operation.Chain;
        var lines = new string[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            var line = (i == 0 ? "" : "└ ") + Describe(chain[i]);
            lines[i] = culprits.Contains(i)
                ? $"[bold red]{Markup.Escape(line)} ← culprit[/]"
                : Markup.Escape(line);
        }

        return string.Join('\n', lines);
    }

    /// <summary>One entry: <c>view mallory.v_bait (mallory, rewrite)</c>, candidates marked after the owner.</summary>
    private string Describe(ChainEntry entry)
    {
        var candidate = entry.Candidate ? ", candidate" : "";
        var owner = $"({entry.Owner.DisplayName}{candidate}, {ReportNames.Of(entry.Phase)})";
        if (entry.Synthetic)
        {
            return $"{entry.ObjectName} {owner}";
        }

        return $"{Label(entry)} {owner}";
    }

    /// <summary>Kind and object, without saying the kind twice where the object names it (<c>rule r_log on
    /// mallory.t</c>, not <c>rule rule r_log …</c>).</summary>
    private string Label(ChainEntry entry) => entry.Kind switch
    {
        ChainEntryKind.Statement or ChainEntryKind.Query or ChainEntryKind.Utility or ChainEntryKind.Maintenance =>
            $"{ReportNames.Of(entry.Kind)} {Quoted(entry.ObjectName)}",
        ChainEntryKind.Rule or ChainEntryKind.Policy or ChainEntryKind.Default or ChainEntryKind.GeneratedColumn
            or ChainEntryKind.CheckConstraint or ChainEntryKind.DomainConstraint => entry.ObjectName,
        ChainEntryKind.IndexExpression => $"index expression of {entry.ObjectName}",
        ChainEntryKind.IndexPredicate => $"index predicate of {entry.ObjectName}",
        ChainEntryKind.TypeIo => $"type {entry.ObjectName}",
        ChainEntryKind.ForeignKey => entry.ObjectName,
        ChainEntryKind.PreparedStatement =>
            entry.ObjectName.Length == 0 ? "unnamed prepared statement" : $"prepared statement {entry.ObjectName}",
        _ => $"{ReportNames.Of(entry.Kind)} {entry.ObjectName}",
    };

    /// <summary>A statement text cut to fit, with a parallel worker's note kept whole after it.</summary>
    private string Quoted(string text)
    {
        var note = ParallelWorkerNote.Find(text);
        var statement = TextShortener.Statement(text[..(text.Length - note.Length)], options.MaxStatementLength);
        return $"\"{statement}\"{note}";
    }
}
