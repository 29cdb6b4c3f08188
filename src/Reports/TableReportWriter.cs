using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Reports;

/// <summary>Writes a replay or diff to a console: a table of the operations some policy did not simply allow, the
/// error every block would raise, the summary and the shapes.</summary>
/// <remarks>
/// <para>The table has one row per operation: its chain as a tree (root statement first, each entry with its kind,
/// object, owner and phase; entries a blocking or warning policy names as culprit are highlighted and marked
/// <c>← culprit</c>, so the mark survives consoles without colour) and one column per policy with the outcome:
/// allowed green, blocked red, warned yellow, not_reached and aborted grey, handler_would_run blue and italic.</para>
/// <para>Beneath it every block and warning is printed the way psql prints an error (<c>ERROR:  …</c>,
/// <c>DETAIL:  …</c>, <c>HINT:  …</c>), labelled with its policy, session and seq; in a diff every policy's outcome
/// of a listed operation is printed, so both sides can be read. Then the outcome counts per session and policy, and
/// the chain shapes.</para>
/// <para>A console too narrow for a column per policy beside a readable chain gets the same content as blocks: per
/// operation a rule naming it, the chain on the full width and one line per policy; likewise per summary row and per
/// shape. Messages are never wrapped, and with several policies each culprit mark names its policy.</para>
/// <para>Everything is drawn after the last operation, so the writer keeps a bounded selection (see
/// <see cref="ReplayTableOptions.MaxOperations"/>) and says what it left out.</para>
/// </remarks>
public sealed class TableReportWriter : IReportWriter
{
    // Fits every word of every command tag but CONFIGURATION; longer tags wrap at their spaces.
    private const int CommandWidth = 12;

    // Deeper entries continue at this depth, marked ↳, so long chains keep a readable width.
    private const int MaxTreeDepth = 6;

    // The narrowest chain column the table is drawn with: an entry such as "└ view mallory.v_bait (mallory," fits on a
    // line. A console too narrow for it and the other columns gets one block per operation instead.
    private const int MinChainWidth = 30;

    // Messages are lines of text as psql prints them, never wrapped here: a terminal wraps them itself, and a hard
    // break inside a DETAIL breaks copying and grep on piped output. Drawn as if the console were this wide.
    private const int UnwrappedWidth = 1_000_000;

    private readonly IAnsiConsole console;
    private readonly ReplayTableOptions options;
    private readonly WriterState state = new();
    private OperationSelection selection;

    /// <summary>A writer that draws on <paramref name="console"/>.</summary>
    public TableReportWriter(IAnsiConsole console, ReplayTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        this.console = console;
        this.options = options ?? new ReplayTableOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxStatementLength, 8, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxOperations, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxShapes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxSessions, nameof(options));
        selection = new OperationSelection(this.options.MaxOperations, this.options.ListAllowed);
    }

    /// <summary>A writer that writes the table as plain text, without colour, <see cref="ReplayTableOptions.PlainTextWidth"/>
    /// columns wide, to <paramref name="output"/>.</summary>
    public TableReportWriter(TextWriter output, ReplayTableOptions? options = null)
        : this(PlainConsole.Over(output, (options ?? new ReplayTableOptions()).PlainTextWidth), options)
    {
    }

    /// <summary>The operations kept for the table so far.</summary>
    internal OperationSelection Selection => selection;

    public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken)
    {
        Begin(header);
        return Task.CompletedTask;
    }

    public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
    {
        Write(operation);
        return Task.CompletedTask;
    }

    public Task EndAsync(ReportFooter footer, CancellationToken cancellationToken)
    {
        End(footer);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal void Begin(ReportHeader header)
    {
        state.Begin(header);
        selection = new OperationSelection(options.MaxOperations, options.ListAllowed);
    }

    internal void Write(ReplayedOperation operation)
    {
        state.Write(operation);
        selection.Offer(operation);
    }

    internal void End(ReportFooter footer)
    {
        state.End(footer);
        var header = state.Header;
        var diff = header.Kind == ReportKind.Diff;
        if (diff)
        {
            console.MarkupLine(Invariant(
                $"[bold]Operations whose outcomes differ[/] between {Outcomes.Enumeration(header.Policies.Select(p => $"[bold]{Markup.Escape(p)}[/]"))}:"));
        }

        if (selection.Kept.Count > 0)
        {
            RenderTable(header.Policies, selection.Kept);
        }
        else
        {
            console.MarkupLine(diff
                ? "[dim]No operation differs.[/]"
                : "[dim]No policy blocked, warned about or left unreached any operation.[/]");
        }

        foreach (var note in selection.Notes())
        {
            console.MarkupLine($"[dim]{Markup.Escape(note)}[/]");
        }

        if (options.ShowMessages)
        {
            RenderMessages(selection.Kept, everyOutcome: diff);
        }

        console.WriteLine();
        RenderSummary(footer.Summary);
        RenderShapes(header.Policies, footer.Shapes);
    }

    /// <summary>The table of <paramref name="operations"/>, one column per policy, when the console is wide enough for
    /// it; otherwise one block per operation.</summary>
    internal void RenderTable(IReadOnlyList<string> policies, IReadOnlyList<ReplayedOperation> operations)
    {
        if (Fits(ColumnWidths(policies, operations)))
        {
            RenderColumns(policies, operations);
        }
        else
        {
            RenderBlocks(policies, operations);
        }
    }

    /// <summary>What each column of the operations table needs without squeezing what it shows: the widest cell of
    /// each column but the chain (whose entries wrap at their spaces), and the chain's minimum.</summary>
    private IEnumerable<int> ColumnWidths(IReadOnlyList<string> policies, IReadOnlyList<ReplayedOperation> operations)
    {
        yield return Math.Max("session".Length, operations.Max(o => state.Sessions.Of(o.Operation.SessionId).Length));
        yield return Math.Max("seq".Length, operations.Max(o => o.Operation.Seq.ToString(CultureInfo.InvariantCulture).Length));
        yield return CommandWidth;
        yield return Math.Max("executor".Length, operations.Max(o => o.Operation.Executor.DisplayName.Length));
        yield return MinChainWidth;
        for (var i = 0; i < policies.Count; i++)
        {
            yield return PolicyColumnWidth(policies[i], operations.Select(o => OutcomeMarkup(o.Verdicts[i].Outcome)));
        }
    }

    /// <summary>The width of a policy's column: its header broken after hyphens, or its widest cell.</summary>
    private static int PolicyColumnWidth(string policy, IEnumerable<string> cellMarkup) =>
        TextShortener.PolicyHeader(policy).Split('\n')
            .Concat(cellMarkup.SelectMany(c => Markup.Remove(c).Split('\n')))
            .Max(l => l.Length);

    /// <summary>Whether a table whose columns need <paramref name="columnWidths"/> fits the console: each column has a
    /// space either side and a border to its left, and the last border closes the row.</summary>
    private bool Fits(IEnumerable<int> columnWidths)
    {
        var widths = columnWidths.ToList();
        return widths.Sum() + (3 * widths.Count) + 1 <= console.Profile.Width;
    }

    /// <summary>One line per policy, indented under what it counts: the blocks' form of a policy column.</summary>
    private void RenderPolicyRows(IReadOnlyList<string> policies, Func<int, string> cellMarkup)
    {
        var rows = new Grid()
            .AddColumn(new GridColumn().NoWrap().PadLeft(2).PadRight(2))
            .AddColumn(new GridColumn().PadRight(0));
        for (var i = 0; i < policies.Count; i++)
        {
            rows.AddRow(new Markup(Markup.Escape(policies[i])), new Markup(cellMarkup(i)));
        }

        console.Write(rows);
    }

    /// <summary>One block per operation, for consoles too narrow for the table: a rule naming the operation, its chain
    /// as a tree on the full width, then one line per policy with its outcome.</summary>
    private void RenderBlocks(IReadOnlyList<string> policies, IReadOnlyList<ReplayedOperation> operations)
    {
        foreach (var replayed in operations)
        {
            var operation = replayed.Operation;
            var title = Invariant(
                $"[bold]{Markup.Escape(state.Sessions.Of(operation.SessionId))}[/] seq {operation.Seq} · {Markup.Escape(operation.Command)} · executor {Markup.Escape(operation.Executor.DisplayName)}");
            console.Write(new Rule(title).LeftJustified());
            console.Write(ChainTree(replayed));
            RenderPolicyRows(policies, i => OutcomeMarkup(replayed.Verdicts[i].Outcome));
        }
    }

    private void RenderColumns(IReadOnlyList<string> policies, IEnumerable<ReplayedOperation> operations)
    {
        var table = new Table().Border(TableBorder.Rounded).ShowRowSeparators();
        table.AddColumn(new TableColumn("session").NoWrap());
        table.AddColumn(new TableColumn("seq").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("command") { Width = CommandWidth });
        table.AddColumn(new TableColumn("executor").NoWrap());
        table.AddColumn(new TableColumn("chain"));
        foreach (var policy in policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(TextShortener.PolicyHeader(policy))).NoWrap());
        }

        foreach (var replayed in operations)
        {
            var operation = replayed.Operation;
            var cells = new List<IRenderable>
            {
                new Markup(Markup.Escape(state.Sessions.Of(operation.SessionId))),
                new Markup(operation.Seq.ToString(CultureInfo.InvariantCulture)),
                new Markup(Markup.Escape(operation.Command)),
                new Markup(Markup.Escape(operation.Executor.DisplayName)),
                ChainTree(replayed),
            };
            cells.AddRange(replayed.Verdicts.Select(v => new Markup(OutcomeMarkup(v.Outcome))));
            table.AddRow(cells);
        }

        console.Write(table);
    }

    /// <summary>The error of every block and the warning of every warned operation, in report order; with
    /// <paramref name="everyOutcome"/>, what every policy does with each operation.</summary>
    internal void RenderMessages(IEnumerable<ReplayedOperation> operations, bool everyOutcome)
    {
        foreach (var replayed in operations)
        {
            foreach (var verdict in replayed.Verdicts)
            {
                if (!everyOutcome && !PsqlMessage.IsPrinted(verdict))
                {
                    continue;
                }

                console.WriteLine();
                WriteUnwrapped(HeadingMarkup(verdict, replayed));
                foreach (var (label, text) in PsqlMessage.IsPrinted(verdict) ? PsqlMessage.Lines(verdict.Verdict) : [])
                {
                    var styled = label switch
                    {
                        "ERROR" => "[red]ERROR[/]",
                        "WARNING" => "[yellow]WARNING[/]",
                        _ => label,
                    };
                    WriteUnwrapped($"{styled}:  {Markup.Escape(text)}");
                }
            }
        }
    }

    private void WriteUnwrapped(string markup)
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

    /// <summary>The outcome counts per session and policy, with a total row.</summary>
    internal void RenderSummary(ReplaySummary summary)
    {
        var sessions = summary.Sessions.Count <= options.MaxSessions
            ? summary.Sessions
            : [.. summary.Sessions.Where(s => s.Policies.Any(c => c.Allowed != c.Total)).Take(options.MaxSessions)];
        if (Fits(SummaryWidths(summary, sessions)))
        {
            RenderSummaryTable(summary, sessions);
        }
        else
        {
            foreach (var session in sessions)
            {
                var database = session.Database is null ? "" : $" · {Markup.Escape(session.Database)}";
                RenderCountBlock($"[bold]{Markup.Escape(session.SessionId)}[/]{database}", session.Operations, summary.Policies, session.Policies);
            }

            RenderCountBlock("[bold]total[/]", summary.Operations, summary.Policies, summary.Totals);
        }

        var hidden = summary.Sessions.Count - sessions.Count;
        if (hidden > 0)
        {
            console.MarkupLine(Invariant(
                $"[dim]{hidden:N0} other {(hidden == 1 ? "session is" : "sessions are")} counted in the total only.[/]"));
        }
    }

    private static IEnumerable<int> SummaryWidths(ReplaySummary summary, IReadOnlyList<SessionSummary> sessions)
    {
        yield return sessions.Select(s => s.SessionId.Length).Append("session".Length).Max();
        yield return sessions.Select(s => s.Database?.Length ?? 0).Append("database".Length).Max();
        yield return Math.Max("operations".Length, summary.Operations.ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < summary.Policies.Count; i++)
        {
            yield return PolicyColumnWidth(
                summary.Policies[i], sessions.Select(s => s.Policies[i]).Append(summary.Totals[i]).Select(SummaryCell));
        }
    }

    /// <summary>The blocks' form of a summary row: a rule naming the session, then each policy's counts on a line.</summary>
    private void RenderCountBlock(string title, long operations, IReadOnlyList<string> policies, IReadOnlyList<PolicyCounts> counts)
    {
        console.Write(new Rule(Invariant($"{title} · {operations:N0} {(operations == 1 ? "operation" : "operations")}")).LeftJustified());
        RenderPolicyRows(policies, i => SummaryCell(counts[i]).Replace("\n", ", ", StringComparison.Ordinal));
    }

    private void RenderSummaryTable(ReplaySummary summary, IReadOnlyList<SessionSummary> sessions)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("session").NoWrap());
        table.AddColumn(new TableColumn("database"));
        table.AddColumn(new TableColumn("operations").RightAligned());
        foreach (var policy in summary.Policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(TextShortener.PolicyHeader(policy))).RightAligned().NoWrap());
        }

        foreach (var session in sessions)
        {
            var database = Markup.Escape(session.Database ?? "");
            table.AddRow(CountsRow(Markup.Escape(session.SessionId), database, session.Operations, session.Policies));
        }

        table.AddRow(CountsRow("[bold]total[/]", "", summary.Operations, summary.Totals));
        console.Write(table);
    }

    /// <summary>How many shapes each policy blocked some operation of, then the shapes <see cref="ShapeListing"/> lists.</summary>
    internal void RenderShapes(IReadOnlyList<string> policies, IReadOnlyList<ShapeSummary> shapes)
    {
        if (shapes.Count == 0)
        {
            return;
        }

        console.WriteLine();
        for (var i = 0; i < policies.Count; i++)
        {
            var blocked = shapes.Any(s => i < s.Policies.Count && s.Policies[i].Blocked > 0);
            console.MarkupLine(Invariant(
                $"{(blocked ? "[red]" : "[dim]")}{ShapeListing.BlockedCount(shapes, i)}[/] [bold]{Markup.Escape(policies[i])}[/]"));
        }

        var listed = ShapeListing.Listed(shapes, options.MaxShapes);
        if (Fits(ShapeWidths(policies, listed)))
        {
            RenderShapeTable(policies, listed);
        }
        else
        {
            foreach (var shape in listed)
            {
                console.WriteLine();
                console.MarkupLine(Invariant(
                    $"[bold]{Markup.Escape(shape.Shape.Text)}[/] · {shape.Operations:N0} {(shape.Operations == 1 ? "operation" : "operations")}"));
                RenderPolicyRows(
                    policies,
                    i => i < shape.Policies.Count ? OutcomeCounts(shape.Policies[i]).Replace("\n", ", ", StringComparison.Ordinal) : "");
            }
        }

        var more = shapes.Count - listed.Count;
        if (more > 0)
        {
            console.MarkupLine($"[dim]{ShapeListing.More(more)}[/]");
        }
    }

    private static IEnumerable<int> ShapeWidths(IReadOnlyList<string> policies, IReadOnlyList<ShapeSummary> shapes)
    {
        // Shapes wrap at their spaces, like chains.
        yield return MinChainWidth;
        yield return "operations".Length;
        for (var i = 0; i < policies.Count; i++)
        {
            yield return PolicyColumnWidth(policies[i], shapes.Where(s => i < s.Policies.Count).Select(s => OutcomeCounts(s.Policies[i])));
        }
    }

    private void RenderShapeTable(IReadOnlyList<string> policies, IReadOnlyList<ShapeSummary> shapes)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("shape"));
        table.AddColumn(new TableColumn("operations").RightAligned().NoWrap());
        foreach (var policy in policies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(TextShortener.PolicyHeader(policy))).RightAligned().NoWrap());
        }

        foreach (var shape in shapes)
        {
            var cells = new List<Markup>
            {
                new(Markup.Escape(shape.Shape.Text)),
                new(shape.Operations.ToString("N0", CultureInfo.InvariantCulture)),
            };
            cells.AddRange(shape.Policies.Select(c => new Markup(OutcomeCounts(c))));
            table.AddRow(cells);
        }

        console.Write(table);
    }

    /// <summary>The colour and style of an outcome, as markup.</summary>
    internal static string OutcomeMarkup(Outcome outcome) => outcome switch
    {
        Outcome.Allowed => "[green]allowed[/]",
        Outcome.Blocked => "[red]blocked[/]",
        Outcome.Warned => "[yellow]warned[/]",
        Outcome.NotReached => "[grey]not_reached[/]",
        Outcome.Aborted => "[grey]aborted[/]",
        Outcome.HandlerWouldRun => "[blue italic]handler_would_run[/]",
        _ => Markup.Escape(ReportNames.Of(outcome)),
    };

    private static Markup[] CountsRow(string session, string database, long operations, IReadOnlyList<PolicyCounts> counts) =>
    [
        new(session),
        new(database),
        new(operations.ToString(CultureInfo.InvariantCulture)),
        .. counts.Select(c => new Markup(SummaryCell(c))),
    ];

    /// <summary>Allowed, blocked and warned always; the counterfactual outcomes when they occurred.</summary>
    private static string SummaryCell(PolicyCounts counts)
    {
        var lines = new List<string>
        {
            Invariant($"[green]{counts.Allowed}[/] allowed"),
            Invariant($"{(counts.Blocked > 0 ? "[red]" : "[dim]")}{counts.Blocked}[/] blocked"),
            Invariant($"{(counts.Warned > 0 ? "[yellow]" : "[dim]")}{counts.Warned}[/] warned"),
        };
        foreach (var outcome in Outcomes.All.Where(Outcomes.IsCounterfactual))
        {
            var count = counts.Of(outcome);
            if (count > 0)
            {
                lines.Add(Invariant($"{count} {OutcomeMarkup(outcome)}"));
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>The outcomes that occurred, most severe first: <c>2 blocked</c>, <c>1 allowed</c>.</summary>
    private static string OutcomeCounts(PolicyCounts counts)
    {
        var lines = Outcomes.All
            .Where(o => counts.Of(o) > 0)
            .OrderBy(o => o == Outcome.Allowed ? 1 : 0)
            .Select(o => Invariant($"{counts.Of(o):N0} {OutcomeMarkup(o)}"));
        return string.Join('\n', lines);
    }

    private static string HeadingMarkup(PolicyVerdict verdict, ReplayedOperation replayed)
    {
        var heading = Markup.Escape(PsqlMessage.Heading(verdict, replayed.Operation));
        var policy = Markup.Escape(verdict.Policy);
        var prefix = $"Policy {policy} ";
        return heading.StartsWith(prefix, StringComparison.Ordinal)
            ? $"Policy [bold]{policy}[/] {heading[prefix.Length..]}"
            : heading;
    }

    private Tree ChainTree(ReplayedOperation replayed)
    {
        var culprits = Outcomes.CulpritPolicies(replayed);
        var chain = replayed.Operation.Chain;
        var tree = new Tree(EntryMarkup(replayed, 0, culprits)).Guide(ChainTreeGuide.Instance);
        IHasTreeNodes parent = tree;
        for (var i = 1; i < chain.Count; i++)
        {
            var node = new TreeNode(EntryMarkup(replayed, i, culprits, continued: i > MaxTreeDepth));
            parent.Nodes.Add(node);
            if (i < MaxTreeDepth)
            {
                parent = node;
            }
        }

        return tree;
    }

    private Markup EntryMarkup(ReplayedOperation replayed, int index, ILookup<int, string> culprits, bool continued = false)
    {
        var text = new StringBuilder();
        if (continued)
        {
            text.Append("↳ ");
        }

        text.Append(ChainText.Describe(replayed.Operation.Chain[index], options.MaxStatementLength));
        if (!culprits.Contains(index))
        {
            return new Markup(Markup.Escape(text.ToString()));
        }

        text.Append(' ').Append(Outcomes.CulpritMark(culprits[index], state.Header.Policies.Count));
        return new Markup($"[bold red]{Markup.Escape(text.ToString())}[/]");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
