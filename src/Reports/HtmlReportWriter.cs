using System.Globalization;
using System.Text;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Reports;

/// <summary>Writes a replay or diff as one self-contained HTML page: the summary per policy, the operation × policy
/// matrix, for every blocked or warned operation (in a diff, every listed one) its provenance tree and messages, and
/// the shapes.</summary>
/// <remarks>
/// <para>The page needs nothing but itself: the style sheet is inline, there are no scripts, images, fonts or links
/// to anywhere (collapsing uses <c>&lt;details open&gt;</c>, so everything is visible as loaded). Each tree is a
/// nested list (<c>ul.tree</c>) with one <c>span.node</c> per chain entry holding its <c>.kind</c>, <c>.object</c>,
/// <c>.owner</c> and <c>.phase</c>; the entry a blocking or warning policy names as culprit has the class
/// <c>culprit</c> and a "culprit" flag. Every text from the recording is HTML-encoded.</para>
/// <para>The page is written after the last operation, so the writer keeps a bounded selection (see
/// <see cref="HtmlReportOptions.MaxOperations"/>) and says what it left out. The same input gives the same bytes.</para>
/// </remarks>
public sealed class HtmlReportWriter : IReportWriter
{
    private readonly TextOutput output;
    private readonly HtmlReportOptions options;
    private readonly WriterState state = new();
    private OperationSelection selection;

    /// <summary>A writer that writes UTF-8 to <paramref name="output"/>.</summary>
    public HtmlReportWriter(Stream output, HtmlReportOptions? options = null)
        : this(new TextOutput(output), options)
    {
    }

    /// <summary>A writer that writes to <paramref name="output"/> (the page declares UTF-8 whatever its encoding).</summary>
    public HtmlReportWriter(TextWriter output, HtmlReportOptions? options = null)
        : this(new TextOutput(output), options)
    {
    }

    private HtmlReportWriter(TextOutput output, HtmlReportOptions? options)
    {
        this.output = output;
        this.options = options ?? new HtmlReportOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxOperations, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxStatementLength, 8, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxShapes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxSessions, nameof(options));
        selection = new OperationSelection(this.options.MaxOperations, this.options.ListAllowed);
    }

    /// <summary>The operations kept for the page so far.</summary>
    internal OperationSelection Selection => selection;

    private bool IsDiff => state.Header.Kind == ReportKind.Diff;

    public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken)
    {
        state.Begin(header);
        selection = new OperationSelection(options.MaxOperations, options.ListAllowed);
        return Task.CompletedTask;
    }

    public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
    {
        state.Write(operation);
        selection.Offer(operation);
        return Task.CompletedTask;
    }

    public async Task EndAsync(ReportFooter footer, CancellationToken cancellationToken)
    {
        state.End(footer);
        var policies = state.Header.Policies;
        var html = new StringBuilder();
        var title = options.Title ?? (IsDiff ? "TraceLab diff report" : "TraceLab replay report");
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        HtmlText.Append(html, title).Append("</title>\n<style>\n").Append(HtmlStyle.Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header>\n<h1>");
        HtmlText.Append(html, title).Append("</h1>\n<p class=\"lede\">");
        AppendLede(html, footer.Summary, policies);
        html.Append("</p>\n</header>\n");

        AppendSummary(html, footer.Summary);
        await output.Writer.WriteAsync(html, cancellationToken);

        html.Clear();
        AppendMatrix(html, policies);
        await output.Writer.WriteAsync(html, cancellationToken);

        html.Clear();
        var trees = selection.Kept.Select((o, i) => (Operation: o, Index: i))
            .Where(x => HasTree(x.Operation))
            .ToList();
        html.Append("<section id=\"blocked\">\n<h2>")
            .Append(IsDiff ? "Differing operations" : "Blocked and warned operations")
            .Append("</h2>\n");
        if (trees.Count == 0)
        {
            html.Append("<p class=\"note\">No listed operation is blocked or warned about.</p>\n");
        }

        await output.Writer.WriteAsync(html, cancellationToken);
        foreach (var (operation, index) in trees)
        {
            html.Clear();
            AppendOperation(html, operation, index);
            await output.Writer.WriteAsync(html, cancellationToken);
        }

        html.Clear();
        html.Append("</section>\n");
        AppendShapes(html, policies, footer.Shapes);
        html.Append("<footer>Written by TraceLab. ")
            .Append(Invariant($"{selection.Kept.Count:N0} of {footer.Summary.Operations:N0} replayed {Plural(footer.Summary.Operations, "operation")} listed."))
            .Append("</footer>\n</body>\n</html>\n");
        await output.Writer.WriteAsync(html, cancellationToken);
        await output.Writer.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => output.DisposeAsync();

    /// <summary>Whether the page draws the operation's tree: when some policy blocks or warns about it, and in a diff
    /// every listed operation, so both sides can be read next to its chain.</summary>
    private bool HasTree(ReplayedOperation replayed) => IsDiff || replayed.Verdicts.Any(PsqlMessage.IsPrinted);

    private static void AppendLede(StringBuilder html, ReplaySummary summary, IReadOnlyList<string> policies)
    {
        html.Append(Invariant($"{summary.Operations:N0} {Plural(summary.Operations, "operation")} in {summary.Sessions.Count:N0} {Plural(summary.Sessions.Count, "session")} replayed under "));
        for (var i = 0; i < policies.Count; i++)
        {
            html.Append(i == 0 ? "" : i == policies.Count - 1 ? " and " : ", ").Append("<code>");
            HtmlText.Append(html, policies[i]).Append("</code>");
        }

        html.Append('.');
    }

    private void AppendSummary(StringBuilder html, ReplaySummary summary)
    {
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (IsDiff)
        {
            html.Append(Invariant($"<p class=\"note\">{selection.Kept.Count + selection.OverLimit + selection.AllowedNotListed:N0} of them differ between the policies.</p>\n"));
        }

        html.Append("<table class=\"counts\">\n<thead><tr><th>policy</th>");
        foreach (var outcome in Outcomes.All)
        {
            html.Append("<th class=\"n\">").Append(ReportNames.Of(outcome)).Append("</th>");
        }

        html.Append("<th class=\"n\">total</th></tr></thead>\n<tbody>\n");
        foreach (var counts in summary.Totals)
        {
            html.Append("<tr><th scope=\"row\"><code>");
            HtmlText.Append(html, counts.Policy).Append("</code></th>");
            AppendCounts(html, counts);
            html.Append(Invariant($"<td class=\"n\">{counts.Total:N0}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n");
        if (summary.Sessions.Count > 0)
        {
            AppendSessions(html, summary);
        }

        html.Append("</section>\n");
    }

    private void AppendSessions(StringBuilder html, ReplaySummary summary)
    {
        var listed = summary.Sessions.Count <= options.MaxSessions
            ? summary.Sessions
            : [.. summary.Sessions.Where(s => s.Policies.Any(c => c.Allowed != c.Total)).Take(options.MaxSessions)];
        html.Append(Invariant($"<details class=\"sessions\"><summary>By session ({summary.Sessions.Count:N0})</summary>\n"));
        html.Append("<table class=\"counts\">\n<thead><tr><th>session</th><th>database</th><th class=\"n\">operations</th>");
        foreach (var policy in summary.Policies)
        {
            html.Append("<th>");
            HtmlText.Append(html, policy).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var session in listed)
        {
            html.Append("<tr><td><code>");
            HtmlText.Append(html, session.SessionId).Append("</code></td><td>");
            HtmlText.Append(html, session.Database ?? "").Append(Invariant($"</td><td class=\"n\">{session.Operations:N0}</td>"));
            foreach (var counts in session.Policies)
            {
                html.Append("<td>").Append(CountsText(counts)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        var hidden = summary.Sessions.Count - listed.Count;
        if (hidden > 0)
        {
            html.Append(Invariant($"<p class=\"note\">{hidden:N0} other {(hidden == 1 ? "session is" : "sessions are")} counted in the totals only.</p>\n"));
        }

        html.Append("</details>\n");
    }

    private void AppendShapes(StringBuilder html, IReadOnlyList<string> policies, IReadOnlyList<ShapeSummary> shapes)
    {
        html.Append("<section id=\"shapes\">\n<h2>Shapes</h2>\n");
        if (shapes.Count == 0)
        {
            html.Append("<p class=\"note\">No shapes were computed for this report.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"shape-counts\">\n");
        for (var i = 0; i < policies.Count; i++)
        {
            html.Append("<li>");
            HtmlText.Append(html, ShapeListing.BlockedCount(shapes, i)).Append(" <code>");
            HtmlText.Append(html, policies[i]).Append("</code></li>\n");
        }

        html.Append("</ul>\n<table class=\"shapes\">\n<thead><tr><th>shape</th><th class=\"n\">operations</th>");
        foreach (var policy in policies)
        {
            html.Append("<th>");
            HtmlText.Append(html, policy).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        var listed = ShapeListing.Listed(shapes, options.MaxShapes);
        foreach (var shape in listed)
        {
            html.Append("<tr><td><code>");
            HtmlText.Append(html, shape.Shape.Text).Append(Invariant($"</code></td><td class=\"n\">{shape.Operations:N0}</td>"));
            foreach (var counts in shape.Policies)
            {
                html.Append("<td>").Append(CountsText(counts)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        var more = shapes.Count - listed.Count;
        if (more > 0)
        {
            html.Append("<p class=\"note\">").Append(ShapeListing.More(more)).Append("</p>\n");
        }

        html.Append("</section>\n");
    }

    private void AppendMatrix(StringBuilder html, IReadOnlyList<string> policies)
    {
        html.Append("<section id=\"operations\">\n<h2>")
            .Append(IsDiff ? "Operations whose outcomes differ" : "Operations")
            .Append("</h2>\n");
        foreach (var note in selection.Notes())
        {
            html.Append("<p class=\"note\">");
            HtmlText.Append(html, note).Append("</p>\n");
        }

        if (selection.Kept.Count == 0)
        {
            html.Append("<p class=\"note\">")
                .Append(IsDiff ? "No operation differs." : "No policy blocked, warned about or left unreached any operation.")
                .Append("</p>\n</section>\n");
            return;
        }

        html.Append("<table class=\"matrix\">\n<thead><tr><th>session</th><th class=\"n\">seq</th><th>command</th><th>executor</th><th>chain</th>");
        foreach (var policy in policies)
        {
            html.Append("<th>");
            HtmlText.Append(html, policy).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        for (var i = 0; i < selection.Kept.Count; i++)
        {
            var replayed = selection.Kept[i];
            var operation = replayed.Operation;
            var hasTree = HasTree(replayed);
            html.Append("<tr><td><code title=\"");
            HtmlText.Append(html, operation.SessionId).Append("\">");
            HtmlText.Append(html, state.Sessions.Of(operation.SessionId)).Append("</code></td>")
                .Append(Invariant($"<td class=\"n\">{operation.Seq}</td><td>"));
            HtmlText.Append(html, operation.Command).Append("</td><td>");
            HtmlText.Append(html, operation.Executor.DisplayName).Append("</td><td class=\"path\">");
            AppendPath(html, replayed);
            html.Append("</td>");
            foreach (var verdict in replayed.Verdicts)
            {
                var name = ReportNames.Of(verdict.Outcome);
                html.Append("<td class=\"outcome o-").Append(name).Append('"');
                if (Outcomes.IsCounterfactual(verdict.Outcome))
                {
                    html.Append(" title=\"the policy's own verdict: ").Append(ReportNames.Of(verdict.Verdict.Decision)).Append('"');
                }

                html.Append('>');
                if (hasTree && (IsDiff || PsqlMessage.IsPrinted(verdict)))
                {
                    html.Append(Invariant($"<a href=\"#op-{i + 1}\">{name}</a>"));
                }
                else
                {
                    html.Append(name);
                }

                html.Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The chain on one line: <c>statement "…" (alice) → view mallory.v_bait (mallory) → …</c>.</summary>
    private void AppendPath(StringBuilder html, ReplayedOperation replayed)
    {
        var culprits = Outcomes.Culprits(replayed);
        var chain = replayed.Operation.Chain;
        for (var i = 0; i < chain.Count; i++)
        {
            if (i > 0)
            {
                html.Append(" <span class=\"arrow\">→</span> ");
            }

            html.Append(culprits.Contains(i) ? "<span class=\"step culprit\">" : "<span class=\"step\">");
            HtmlText.Append(html, ChainText.Label(chain[i], options.MaxStatementLength)).Append(" (");
            HtmlText.Append(html, chain[i].Owner.DisplayName).Append(chain[i].Inlined ? ", " + ReportNames.Inlined : "").Append(")</span>");
        }
    }

    /// <summary>One blocked or warned operation: its chain as a tree and the messages.</summary>
    private void AppendOperation(StringBuilder html, ReplayedOperation replayed, int index)
    {
        var operation = replayed.Operation;
        html.Append(Invariant($"<details class=\"operation\" id=\"op-{index + 1}\" open>\n<summary><h3>"));
        HtmlText.Append(html, operation.Command).Append(Invariant($"</h3><span class=\"meta\">seq {operation.Seq} in session <code>"));
        HtmlText.Append(html, operation.SessionId).Append("</code>, as ");
        HtmlText.Append(html, operation.Executor.DisplayName).Append(" — ");
        html.AppendJoin(", ", replayed.Verdicts.Where(v => IsDiff || PsqlMessage.IsPrinted(v)).Select(v =>
            $"<span class=\"o-{ReportNames.Of(v.Outcome)}\">{ReportNames.Of(v.Outcome)}</span> under <code>{HtmlText.Encode(v.Policy)}</code>"));
        html.Append("</span></summary>\n");
        AppendTree(html, replayed);
        foreach (var verdict in replayed.Verdicts)
        {
            if (PsqlMessage.IsPrinted(verdict) || IsDiff)
            {
                AppendMessage(html, verdict, operation);
            }
        }

        html.Append("</details>\n");
    }

    /// <summary>The chain as nested lists, each entry the only child of the one before; culprits get the class
    /// <c>culprit</c> and say under which policy.</summary>
    private static void AppendTree(StringBuilder html, ReplayedOperation replayed)
    {
        var chain = replayed.Operation.Chain;
        var culpritOf = new Dictionary<int, List<string>>();
        foreach (var verdict in replayed.Verdicts.Where(PsqlMessage.IsPrinted))
        {
            if (verdict.Verdict.CulpritIndex is { } culprit)
            {
                if (!culpritOf.TryGetValue(culprit, out var names))
                {
                    culpritOf[culprit] = names = [];
                }

                names.Add(verdict.Policy);
            }
        }

        html.Append("<ul class=\"tree\">\n");
        for (var i = 0; i < chain.Count; i++)
        {
            var entry = chain[i];
            html.Append(i == 0 ? "<li>" : "<ul><li>");
            html.Append("<span class=\"node");
            if (culpritOf.ContainsKey(i))
            {
                html.Append(" culprit");
            }

            if (entry.Candidate)
            {
                html.Append(" candidate");
            }

            if (entry.Synthetic)
            {
                html.Append(" synthetic");
            }

            if (entry.Inlined)
            {
                html.Append(' ').Append(ReportNames.Inlined);
            }

            html.Append("\" data-index=\"").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\">");
            html.Append("<span class=\"kind\">").Append(ReportNames.Of(entry.Kind)).Append("</span> ");
            html.Append("<span class=\"object\">");
            HtmlText.Append(html, entry.ObjectName.Length == 0 ? "(unnamed)" : entry.ObjectName).Append("</span>");
            html.Append("<span class=\"owner\">owner <b>");
            HtmlText.Append(html, entry.Owner.DisplayName).Append("</b>").Append(ChainText.Marks(entry)).Append("</span>");
            html.Append("<span class=\"phase\">").Append(ReportNames.Of(entry.Phase)).Append("</span>");
            if (culpritOf.TryGetValue(i, out var policies))
            {
                html.Append("<span class=\"flag\" title=\"culprit under ");
                HtmlText.Append(html, string.Join(", ", policies)).Append("\">culprit</span>");
            }

            html.Append("</span>\n");
        }

        for (var i = chain.Count - 1; i >= 0; i--)
        {
            html.Append(i == 0 ? "</li>\n" : "</li></ul>");
        }

        html.Append("</ul>\n");
    }

    private static void AppendMessage(StringBuilder html, PolicyVerdict verdict, Operation operation)
    {
        html.Append("<div class=\"message\"><p>");
        HtmlText.Append(html, PsqlMessage.Heading(verdict, operation)).Append("</p>");
        if (PsqlMessage.IsPrinted(verdict))
        {
            html.Append("<pre>");
            var first = true;
            foreach (var (label, text) in PsqlMessage.Lines(verdict.Verdict))
            {
                html.Append(first ? "" : "\n");
                first = false;
                var css = label switch
                {
                    "ERROR" => "label-error",
                    "WARNING" => "label-warning",
                    _ => "label",
                };
                html.Append("<span class=\"").Append(css).Append("\">").Append(label).Append(":</span>  ");
                HtmlText.Append(html, text);
            }

            html.Append("</pre>");
        }

        html.Append("</div>\n");
    }

    private static void AppendCounts(StringBuilder html, PolicyCounts counts)
    {
        foreach (var outcome in Outcomes.All)
        {
            var count = counts.Of(outcome);
            html.Append("<td class=\"n o-").Append(ReportNames.Of(outcome)).Append(count == 0 ? " zero" : "").Append("\">")
                .Append(count.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>");
        }
    }

    /// <summary>The outcomes that occurred, blocks first, as coloured spans.</summary>
    private static string CountsText(PolicyCounts counts)
    {
        var parts = Outcomes.All
            .Where(o => counts.Of(o) > 0)
            .OrderBy(o => o == Outcome.Allowed ? 1 : 0)
            .Select(o => Invariant($"<span class=\"o-{ReportNames.Of(o)}\">{counts.Of(o):N0} {ReportNames.Of(o)}</span>"));
        var joined = string.Join(", ", parts);
        return joined.Length == 0 ? "0" : joined;
    }

    private static string Plural(long count, string noun) => count == 1 ? noun : noun + "s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
