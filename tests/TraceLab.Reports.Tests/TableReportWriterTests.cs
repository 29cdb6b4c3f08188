using TraceLab.Replayer.Output;
using TraceLab.Reports;

using TraceLab.Reports.Tests.Support;

namespace TraceLab.Reports.Tests;

/// <summary>The console table as a streaming writer: what it keeps, what it says it left out, and the diff form.</summary>
public sealed class TableReportWriterTests
{
    private static async Task<string> RunAsync(ReplayTableOptions options, ReportKind kind = ReportKind.Replay)
    {
        using var console = CollectedReports.Console(200);
        await using var writer = ReportFormats.Create(ReportFormats.Table, console, new ReportOptions { Table = options });
        await new ReplayEngine(ReportSample.Policies).RunAsync(
            ReportSample.Sessions(), [writer], new ReplayOptions { Kind = kind }, TestContext.Current.CancellationToken);
        return console.Output;
    }

    [Fact]
    public async Task Every_shape_a_policy_blocked_is_listed_however_few_shapes_are_asked_for()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);
        var blocked = report.Shapes.Where(s => s.Policies.Any(p => p.Blocked > 0)).ToList();
        blocked.Count.ShouldBeGreaterThan(1);

        var output = await RunAsync(new ReplayTableOptions { MaxShapes = 1 });

        foreach (var shape in blocked)
        {
            output.ShouldContain(shape.Shape.Text);
        }

        output.ShouldNotContain("SELECT: statement(executor) ");
        output.ShouldContain($"{report.Shapes.Count - blocked.Count} more shapes are in the JSON report.");
    }

    [Fact]
    public async Task Lists_what_some_policy_did_not_simply_allow_and_counts_the_rest()
    {
        var report = await new ReplayEngine(ReportSample.Policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);
        var allowed = report.Operations.Count(o => o.Verdicts.All(v => v.Outcome == Outcome.Allowed));

        var output = await RunAsync(new ReplayTableOptions());

        output.ShouldContain($"{allowed} operations every policy allowed are not listed.");
        output.ShouldNotContain("make_summary() (bob, execution)");
        output.ShouldContain("└ trigger trg_orders on mallory.t_orders (mallory, execution) ← culprit");
        output.ShouldContain("not_reached");
        output.ShouldContain($"4 of {report.Shapes.Count} chain shapes had an operation blocked under ddl-needs-trusted-chain");
    }

    [Fact]
    public async Task Says_how_many_operations_it_left_out_beyond_its_limit()
    {
        var output = await RunAsync(new ReplayTableOptions { MaxOperations = 2 });

        output.ShouldContain("6 more operations some policy did not simply allow were left out: the report lists at most 2.");
        output.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^│ 424\\d +│ +\\d+ │")).ShouldBe(2);
    }

    [Fact]
    public async Task A_diff_names_the_policies_and_prints_every_outcome_of_a_listed_operation()
    {
        var output = await RunAsync(new ReplayTableOptions(), ReportKind.Diff);

        output.ShouldStartWith("Operations whose outcomes differ between permissive, ddl-needs-trusted-chain and strict-trusted-chain:");
        output.ShouldContain("Policy permissive allows seq 10 in session 4242-1780000000000000.");
        output.ShouldContain("Policy strict-trusted-chain would never reach seq 10 in session 4242-1780000000000000");
        output.ShouldNotContain("operations every policy allowed are not listed");
    }
}
