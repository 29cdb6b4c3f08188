using System.Text;
using System.Text.RegularExpressions;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

public sealed partial class HtmlReportWriterTests
{
    private static readonly HashSet<string> VoidElements = ["meta", "br", "hr", "img", "input", "link", "wbr"];

    internal static async Task<string> SampleAsync(ReportKind kind = ReportKind.Replay) =>
        Encoding.UTF8.GetString(await ReportSample.BytesAsync(ReportFormats.Html, kind, cancellationToken: TestContext.Current.CancellationToken));

    private static Task<ReplayReport> ReportAsync() =>
        new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Is_well_formed_every_element_closed_in_order()
    {
        var html = await SampleAsync();

        html.ShouldStartWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">");
        var open = new Stack<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (tag.Groups["close"].Success)
            {
                open.ShouldNotBeEmpty($"</{name}> closes nothing");
                open.Pop().ShouldBe(name, $"</{name}> at {tag.Index} closes the wrong element");
            }
            else if (!VoidElements.Contains(name) && !tag.Value.EndsWith("/>", StringComparison.Ordinal))
            {
                open.Push(name);
            }
        }

        open.ShouldBeEmpty();
        html.ShouldEndWith("</html>\n");
    }

    [Fact]
    public async Task Needs_nothing_but_itself()
    {
        var html = await SampleAsync();

        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
        html.ShouldNotContain("<link", Case.Insensitive);
        html.ShouldNotContain("src=", Case.Insensitive);
        html.ShouldNotContain("url(", Case.Insensitive);
        html.ShouldNotContain("@import", Case.Insensitive);
        html.ShouldContain("<style>");
    }

    [Fact]
    public async Task Has_the_summary_and_the_matrix_of_operations_and_policies()
    {
        var report = await ReportAsync();

        var html = await SampleAsync();

        var strict = report.Summary.Totals[2];
        html.ShouldContain("<tr><th scope=\"row\"><code>strict-trusted-chain</code></th>"
            + $"<td class=\"n o-allowed\">{strict.Allowed}</td><td class=\"n o-blocked\">{strict.Blocked}</td>");
        var matrix = Between(html, "<table class=\"matrix\">", "</table>");
        matrix.ShouldContain("<th>permissive</th><th>ddl-needs-trusted-chain</th><th>strict-trusted-chain</th>");
        var listed = report.Operations.Where(o => o.Verdicts.Any(v => v.Outcome != Outcome.Allowed)).ToList();
        Regex.Count(matrix, "<tr><td>").ShouldBe(listed.Count);
        Regex.Count(matrix, "class=\"outcome o-").ShouldBe(listed.Count * report.Policies.Count);
        Regex.Count(matrix, "class=\"outcome o-not_reached\"").ShouldBe(listed.Sum(o => o.Verdicts.Count(v => v.Outcome == Outcome.NotReached)));
        html.ShouldContain($"{report.Operations.Count - listed.Count} operations every policy allowed are not listed.");
        html.ShouldContain($"4 of {report.Shapes.Count} chain shapes had an operation blocked under <code>ddl-needs-trusted-chain</code>");
    }

    [Fact]
    public async Task Draws_a_tree_for_every_blocked_operation_with_its_culprit_highlighted()
    {
        var report = await ReportAsync();

        var html = await SampleAsync();

        var blocked = report.Operations.Where(o => o.Verdicts.Any(v => v.Outcome == Outcome.Blocked)).ToList();
        var trees = Regex.Matches(html, "<ul class=\"tree\">(.*?)\n</ul>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        trees.Count.ShouldBe(blocked.Count);
        for (var i = 0; i < trees.Count; i++)
        {
            var chain = blocked[i].Operation.Chain;
            Regex.Count(trees[i], "<span class=\"node").ShouldBe(chain.Count);
            Regex.Count(trees[i], "<ul>").ShouldBe(chain.Count - 1);
            var culprits = blocked[i].Verdicts.Where(v => v.Outcome == Outcome.Blocked).Select(v => v.Verdict.CulpritIndex).Distinct().ToList();
            foreach (var culprit in culprits)
            {
                trees[i].ShouldContain($"<span class=\"node culprit\" data-index=\"{culprit}\">");
            }

            Regex.Count(trees[i], "class=\"node culprit").ShouldBe(culprits.Count);
        }

        html.ShouldContain(".node.culprit { background: #fce8e6; border: 2px solid #d93025;");
        trees[1].ShouldContain("<span class=\"kind\">view</span> <span class=\"object\">mallory.v_bait</span><span class=\"owner\">owner <b>mallory</b></span><span class=\"phase\">rewrite</span>");
    }

    [Fact]
    public async Task A_diff_draws_every_differing_operation_with_each_policys_outcome()
    {
        var report = await ReportAsync();

        var html = await SampleAsync(ReportKind.Diff);

        html.ShouldContain("<title>TraceLab diff report</title>");
        Regex.Count(html, "<ul class=\"tree\">").ShouldBe(report.Operations.Count(OutcomeDiff.Differs));
        html.ShouldContain("Policy permissive allows seq 10 in session 4242-1780000000000000.");
        html.ShouldContain("Policy strict-trusted-chain would never reach seq 10 in session 4242-1780000000000000");
    }

    [Fact]
    public async Task Text_from_the_recording_is_encoded()
    {
        var s = new SessionScript();
        s.Started("db", Version1Sessions.Bob);
        s.Role(Version1Sessions.Bob, "bob");
        s.Statement(0, 0, Version1Sessions.Bob, 1, "SELECT", "SELECT '<script>alert(\"x\")</script>' & 1");
        var report = await new ReplayEngine(Replays.Classic).ReplayAsync([s.ToSession()], TestContext.Current.CancellationToken);
        using var output = new MemoryStream();

        await using (var writer = new HtmlReportWriter(output, new HtmlReportOptions { ListAllowed = true }))
        {
            await writer.WriteReportAsync(report, cancellationToken: TestContext.Current.CancellationToken);
        }

        var html = Encoding.UTF8.GetString(output.ToArray());
        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; 1");
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0, start);
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }

    [GeneratedRegex("<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9]*)(?:\\s[^>]*)?>")]
    private static partial Regex Tag();
}
