using System.Globalization;
using System.Text;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Reports;

/// <summary>Writes a replay or diff as GitHub-flavoured Markdown, for a pull request comment or a CI job summary:
/// the operations table as operations stream in, then the messages, the summary and the shapes.</summary>
/// <remarks>
/// <para>Every operation written gets a row: session, seq, command, executor, its chain as an arrow path with each
/// entry's owner and phase (<c>statement `…` (alice, execution) → view `mallory.v_bait` (mallory, rewrite) → …</c>,
/// culprits in bold and marked
/// <c>← culprit</c>) and the outcome under each policy. The psql-style error of every block and warning is printed
/// after the table as a quoted code block (in a diff, every policy's outcome of each operation), so a table row stays
/// on one line; they are held in a <see cref="TextSpool"/> meanwhile, which moves to a temporary file once large, so
/// memory stays bounded.</para>
/// <para>Object names and statement texts are set as code spans, other text is escaped, so nothing in a recording can
/// break the table or inject HTML. Output is UTF-8 without byte order mark with <c>\n</c> line ends; the same input
/// gives the same bytes.</para>
/// </remarks>
public sealed class MarkdownReportWriter : IReportWriter
{
    private readonly TextOutput output;
    private readonly MarkdownReportOptions options;
    private readonly WriterState state = new();
    private readonly TextSpool messages = new();
    private long written;

    /// <summary>A writer that writes UTF-8 to <paramref name="output"/>.</summary>
    public MarkdownReportWriter(Stream output, MarkdownReportOptions? options = null)
        : this(new TextOutput(output), options)
    {
    }

    /// <summary>A writer that writes to <paramref name="output"/>.</summary>
    public MarkdownReportWriter(TextWriter output, MarkdownReportOptions? options = null)
        : this(new TextOutput(output), options)
    {
    }

    private MarkdownReportWriter(TextOutput output, MarkdownReportOptions? options)
    {
        this.output = output;
        this.options = options ?? new MarkdownReportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxStatementLength, 8, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxShapes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxSessions, nameof(options));
    }

    /// <summary>The messages held back until the end.</summary>
    internal TextSpool Messages => messages;

    private TextWriter Out => output.Writer;

    private bool IsDiff => state.Header.Kind == ReportKind.Diff;

    public async Task BeginAsync(ReportHeader header, CancellationToken cancellationToken)
    {
        state.Begin(header);
        var text = new StringBuilder();
        text.Append(IsDiff ? "# TraceLab diff report\n\n" : "# TraceLab replay report\n\n");
        text.Append("Policies: ").AppendJoin(", ", header.Policies.Select(p => MarkdownText.Code(p, inTable: false))).Append(".\n");
        if (IsDiff)
        {
            text.Append("Only the operations whose outcomes differ between the policies are listed.\n");
        }

        text.Append("\n## Operations\n\n");
        await Out.WriteAsync(text, cancellationToken);
    }

    public async Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
    {
        state.Write(operation);
        var text = new StringBuilder();
        if (written == 0)
        {
            text.Append("| session | seq | command | executor | chain |");
            foreach (var policy in state.Header.Policies)
            {
                text.Append(' ').Append(MarkdownText.Code(policy)).Append(" |");
            }

            text.Append("\n|---|--:|---|---|---|").Append(string.Concat(state.Header.Policies.Select(_ => "---|"))).Append('\n');
        }

        written++;
        AppendRow(text, operation);
        await Out.WriteAsync(text, cancellationToken);
        var message = MessagesOf(operation);
        if (message.Length > 0)
        {
            await messages.AppendAsync(message, cancellationToken);
        }
    }

    public async Task EndAsync(ReportFooter footer, CancellationToken cancellationToken)
    {
        state.End(footer);
        if (written == 0)
        {
            await Out.WriteAsync(IsDiff ? "No operation differs.\n" : "No operations.\n");
        }

        if (!messages.IsEmpty)
        {
            await Out.WriteAsync("\n## Messages\n".AsMemory(), cancellationToken);
            await messages.CopyToAsync(Out, cancellationToken);
        }

        var text = new StringBuilder();
        AppendSummary(text, footer.Summary);
        AppendShapes(text, state.Header.Policies, footer.Shapes);
        await Out.WriteAsync(text, cancellationToken);
        await Out.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await messages.DisposeAsync();
        await output.DisposeAsync();
    }

    /// <summary>An outcome in a table cell: blocks and warnings in bold, counterfactual outcomes in italics.</summary>
    internal static string OutcomeText(Outcome outcome) => outcome switch
    {
        Outcome.Blocked or Outcome.Warned => $"**{ReportNames.Of(outcome)}**",
        Outcome.Allowed => "allowed",
        _ => $"*{ReportNames.Of(outcome)}*",
    };

    private void AppendRow(StringBuilder text, ReplayedOperation replayed)
    {
        var operation = replayed.Operation;
        text.Append("| ").Append(MarkdownText.Code(operation.SessionId))
            .Append(" | ").Append(operation.Seq.ToString(CultureInfo.InvariantCulture))
            .Append(" | ").Append(MarkdownText.Escape(operation.Command))
            .Append(" | ").Append(MarkdownText.Escape(operation.Executor.DisplayName))
            .Append(" | ").Append(ChainPath(replayed))
            .Append(" |");
        foreach (var verdict in replayed.Verdicts)
        {
            text.Append(' ').Append(OutcomeText(verdict.Outcome)).Append(" |");
        }

        text.Append('\n');
    }

    /// <summary><c>statement `SELECT …` (alice, execution) → view `mallory.v_bait` (mallory, rewrite) → …</c>, culprits
    /// in bold.</summary>
    private string ChainPath(ReplayedOperation replayed)
    {
        var culprits = Outcomes.CulpritPolicies(replayed);
        var chain = replayed.Operation.Chain;
        var parts = new string[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            var entry = chain[i];
            var (prefix, name) = ChainText.Parts(entry, options.MaxStatementLength);
            var label = string.Join(' ', new[] { MarkdownText.Escape(prefix), MarkdownText.Code(name) }.Where(s => s.Length > 0));
            var part = $"{label} ({MarkdownText.Escape(entry.Owner.DisplayName)}{ChainText.Marks(entry)}, {ReportNames.Of(entry.Phase)})";
            parts[i] = culprits.Contains(i)
                ? $"**{part} {MarkdownText.Escape(Outcomes.CulpritMark(culprits[i], state.Header.Policies.Count))}**"
                : part;
        }

        return string.Join(" → ", parts);
    }

    /// <summary>The psql-style messages of one operation, each under the sentence that says whose it is.</summary>
    private string MessagesOf(ReplayedOperation replayed)
    {
        var text = new StringBuilder();
        foreach (var verdict in replayed.Verdicts)
        {
            var printed = PsqlMessage.IsPrinted(verdict);
            if (!printed && !IsDiff)
            {
                continue;
            }

            text.Append('\n').Append(MarkdownText.Escape(PsqlMessage.Heading(verdict, replayed.Operation))).Append('\n');
            if (!printed)
            {
                continue;
            }

            var lines = PsqlMessage.Lines(verdict.Verdict).Select(l => $"{l.Label}:  {l.Text.ReplaceLineEndings(" ")}").ToList();
            var fence = MarkdownText.Fence(string.Join('\n', lines));
            text.Append('\n').Append("> ").Append(fence).Append("text\n");
            foreach (var line in lines)
            {
                text.Append("> ").Append(line).Append('\n');
            }

            text.Append("> ").Append(fence).Append('\n');
        }

        return text.ToString();
    }

    private void AppendSummary(StringBuilder text, ReplaySummary summary)
    {
        text.Append("\n## Summary\n\n");
        var sessions = summary.Sessions.Count;
        text.Append(Invariant($"{summary.Operations:N0} {Plural(summary.Operations, "operation")} in {sessions:N0} {Plural(sessions, "session")}"));
        text.Append(IsDiff ? Invariant($" replayed; {written:N0} {(written == 1 ? "differs" : "differ")}.\n\n") : ".\n\n");
        text.Append("| policy |").Append(string.Concat(Outcomes.All.Select(o => $" {ReportNames.Of(o)} |"))).Append('\n');
        text.Append("|---|").Append(string.Concat(Outcomes.All.Select(_ => "--:|"))).Append('\n');
        foreach (var counts in summary.Totals)
        {
            text.Append("| ").Append(MarkdownText.Code(counts.Policy)).Append(" |");
            foreach (var outcome in Outcomes.All)
            {
                text.Append(Invariant($" {counts.Of(outcome):N0} |"));
            }

            text.Append('\n');
        }

        if (summary.Sessions.Count == 0)
        {
            return;
        }

        var listed = summary.Sessions.Count <= options.MaxSessions
            ? summary.Sessions
            : [.. summary.Sessions.Where(s => s.Policies.Any(c => c.Allowed != c.Total)).Take(options.MaxSessions)];
        text.Append("\n### By session\n\n| session | database | operations |");
        text.Append(string.Concat(summary.Policies.Select(p => $" {MarkdownText.Code(p)} |"))).Append('\n');
        text.Append("|---|---|--:|").Append(string.Concat(summary.Policies.Select(_ => "---|"))).Append('\n');
        foreach (var session in listed)
        {
            text.Append("| ").Append(MarkdownText.Code(session.SessionId))
                .Append(" | ").Append(MarkdownText.Escape(session.Database ?? ""))
                .Append(Invariant($" | {session.Operations:N0} |"));
            foreach (var counts in session.Policies)
            {
                text.Append(' ').Append(CountsText(counts)).Append(" |");
            }

            text.Append('\n');
        }

        var hidden = summary.Sessions.Count - listed.Count;
        if (hidden > 0)
        {
            text.Append(Invariant($"\n{hidden:N0} other {(hidden == 1 ? "session is" : "sessions are")} counted in the totals only.\n"));
        }
    }

    private void AppendShapes(StringBuilder text, IReadOnlyList<string> policies, IReadOnlyList<ShapeSummary> shapes)
    {
        if (shapes.Count == 0)
        {
            return;
        }

        text.Append("\n## Shapes\n\n");
        for (var i = 0; i < policies.Count; i++)
        {
            text.Append("- ").Append(ShapeListing.BlockedCount(shapes, i)).Append(' ')
                .Append(MarkdownText.Code(policies[i], inTable: false)).Append('\n');
        }

        text.Append("\n| shape | operations |").Append(string.Concat(policies.Select(p => $" {MarkdownText.Code(p)} |"))).Append('\n');
        text.Append("|---|--:|").Append(string.Concat(policies.Select(_ => "---|"))).Append('\n');
        var listed = ShapeListing.Listed(shapes, options.MaxShapes);
        foreach (var shape in listed)
        {
            text.Append("| ").Append(MarkdownText.Code(shape.Shape.Text)).Append(Invariant($" | {shape.Operations:N0} |"));
            foreach (var counts in shape.Policies)
            {
                text.Append(' ').Append(CountsText(counts)).Append(" |");
            }

            text.Append('\n');
        }

        var more = shapes.Count - listed.Count;
        if (more > 0)
        {
            text.Append('\n').Append(ShapeListing.More(more)).Append('\n');
        }
    }

    /// <summary>The outcomes that occurred, blocks first: <c>**1 blocked**, 2 allowed</c>.</summary>
    private static string CountsText(PolicyCounts counts)
    {
        var parts = Outcomes.All
            .Where(o => counts.Of(o) > 0)
            .OrderBy(o => o == Outcome.Allowed ? 1 : 0)
            .Select(o =>
            {
                var part = Invariant($"{counts.Of(o):N0} {ReportNames.Of(o)}");
                return o is Outcome.Blocked or Outcome.Warned ? $"**{part}**" : part;
            });
        var joined = string.Join(", ", parts);
        return joined.Length == 0 ? "0" : joined;
    }

    private static string Plural(long count, string noun) => count == 1 ? noun : noun + "s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
