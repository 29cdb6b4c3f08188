using System.Text;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Reports.Tests;

public sealed class MarkdownReportWriterTests
{
    private static async Task<string> SampleAsync(ReportKind kind = ReportKind.Replay) =>
        Encoding.UTF8.GetString(await ReportSample.BytesAsync(ReportFormats.Markdown, kind, cancellationToken: TestContext.Current.CancellationToken));

    private static string[] Rows(string markdown) =>
        [.. markdown.Split('\n').SkipWhile(l => l != "## Operations").TakeWhile(l => l is not ("## Messages" or "## Summary")).Where(l => l.StartsWith("| `", StringComparison.Ordinal))];

    [Fact]
    public async Task Writes_a_row_per_operation_with_its_chain_and_an_outcome_per_policy()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);

        var markdown = await SampleAsync();

        markdown.ShouldStartWith("# TraceLab replay report\n\nPolicies: `permissive`, `ddl-needs-trusted-chain`, `strict-trusted-chain`.\n");
        markdown.ShouldContain("| session | seq | command | executor | chain | `permissive` | `ddl-needs-trusted-chain` | `strict-trusted-chain` |");
        var rows = Rows(markdown);
        rows.Length.ShouldBe(report.Operations.Count);
        rows.ShouldAllBe(r => r.Split(" | ").Length == 5 + report.Policies.Count);
        var alter = rows.First(r => r.StartsWith("| `4242-1780000000000000` | 10 | ALTER ROLE |", StringComparison.Ordinal));
        alter.ShouldContain("**view `mallory.v_bait` (mallory, rewrite) ← culprit under ddl-needs-trusted-chain** → view `mallory.v_inner` (mallory, rewrite)");
        alter.ShouldEndWith("| allowed | **blocked** | *not_reached* |");
    }

    [Fact]
    public async Task Prints_each_block_as_psql_would_then_the_summary_and_the_shapes()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);

        var markdown = await SampleAsync();

        markdown.ShouldContain(
            "\nPolicy ddl-needs-trusted-chain would block seq 10 in session 4242-1780000000000000:\n\n> ```text\n"
            + "> ERROR:  user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"\n> DETAIL:  ");
        var blocks = report.Operations.Sum(o => o.Verdicts.Count(v => v.Outcome == Outcome.Blocked));
        markdown.Split('\n').Count(l => l.StartsWith("> ERROR:  ", StringComparison.Ordinal)).ShouldBe(blocks);
        markdown.ShouldContain("| policy | allowed | blocked | warned | not_reached | aborted | handler_would_run |");
        var strict = report.Summary.Totals[2];
        markdown.ShouldContain($"| `strict-trusted-chain` | {strict.Allowed} | {strict.Blocked} | 0 | {strict.NotReached} | 0 | 0 |");
        markdown.ShouldContain($"- 4 of {report.Shapes.Count} chain shapes had an operation blocked under `ddl-needs-trusted-chain`\n");
        markdown.ShouldContain($"- 0 of {report.Shapes.Count} chain shapes had an operation blocked under `permissive`\n");
        markdown.ShouldEndWith("\n");
        markdown.ShouldNotContain("\r");
    }

    [Fact]
    public async Task A_diff_lists_the_differing_operations_with_every_policys_outcome()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);

        var markdown = await SampleAsync(ReportKind.Diff);

        markdown.ShouldStartWith("# TraceLab diff report\n");
        Rows(markdown).Length.ShouldBe(report.Operations.Count(OutcomeDiff.Differs));
        markdown.ShouldContain("Policy permissive allows seq 10 in session 4242-1780000000000000.");
        markdown.ShouldContain("Policy strict-trusted-chain would never reach seq 10 in session 4242-1780000000000000");
        markdown.ShouldContain("Policy ddl-needs-trusted-chain would block seq 10 in session 4242-1780000000000000:");
    }

    [Fact]
    public async Task Text_from_the_recording_cannot_break_the_table_or_inject_html()
    {
        var s = new SessionScript();
        s.Started("db", Version1Sessions.Bob);
        s.Role(Version1Sessions.Bob, "bob");
        s.Statement(0, 0, Version1Sessions.Bob, 1, "SELECT", "SELECT '|<script>`x`</script>|'\n  FROM t");
        var report = await new ReplayEngine(Replays.Classic).ReplayAsync([s.ToSession()], TestContext.Current.CancellationToken);
        using var output = new MemoryStream();

        await using (var writer = new MarkdownReportWriter(output))
        {
            await writer.WriteReportAsync(report, cancellationToken: TestContext.Current.CancellationToken);
        }

        var row = Rows(Encoding.UTF8.GetString(output.ToArray())).Single();
        row.ShouldContain("statement ``SELECT '\\|<script>`x`</script>\\|' FROM t`` (bob, execution)");
        row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|').ShouldBe(1 + 5 + 2);
    }
}
