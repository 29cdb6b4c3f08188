using System.Text.RegularExpressions;
using TraceLab.Policies;
using TraceLab.Reports.Tests.Support;

namespace TraceLab.Reports.Tests;

/// <summary>The console table stays readable at any width: a table where the columns fit, one block per operation
/// where they do not, names never split, messages never wrapped, and every culprit marker says whose it is.</summary>
public sealed class TableWidthTests
{
    // Four policies, two of which block ALTER ROLE naming different culprits: the view (ddl-needs-trusted-chain) and
    // the utility statement itself (blocks-alter-role, whose culprit is the chain's last entry).
    private static async Task<ReplayReport> FourPolicies()
    {
        IPolicy[] policies = [.. ReportSample.Policies, TestPolicy.Blocking("blocks-alter-role", "ALTER ROLE")];
        return await new ReplayEngine(policies).ReplayAsync(ReportSample.Sessions(), TestContext.Current.CancellationToken);
    }

    private static string[] Lines(string output) => output.Split('\n');

    private static bool IsMessage(string line) =>
        Regex.IsMatch(line, "^(ERROR|WARNING|DETAIL|HINT):  ") || line.StartsWith("Policy ", StringComparison.Ordinal);

    [Fact]
    public async Task At_80_columns_each_operation_is_a_block_with_its_policies_as_rows()
    {
        var report = await FourPolicies();

        var output = await CollectedReports.TableAsync(report, 80);

        Lines(output).Where(l => !IsMessage(l)).ShouldAllBe(l => l.Length <= 80);
        output.ShouldNotContain("╭─────────┬");
        var lines = Lines(output);
        var block = Array.FindIndex(lines, l => l.Contains("4242 seq 10 · ALTER ROLE · executor alice", StringComparison.Ordinal));
        block.ShouldBeGreaterThanOrEqualTo(0);
        var rows = lines.Skip(block + 1).TakeWhile(l => !l.StartsWith('─')).ToList();
        rows.ShouldContain(l => Regex.IsMatch(l, @"^  permissive +allowed *$"));
        rows.ShouldContain(l => Regex.IsMatch(l, @"^  ddl-needs-trusted-chain +blocked *$"));
        rows.ShouldContain(l => Regex.IsMatch(l, @"^  strict-trusted-chain +not_reached *$"));
        rows.ShouldContain(l => Regex.IsMatch(l, @"^  blocks-alter-role +blocked *$"));
    }

    [Fact]
    public async Task At_80_columns_the_summary_and_the_shapes_are_blocks_too()
    {
        var report = await FourPolicies();
        var totals = report.Summary.Totals;

        var output = await CollectedReports.TableAsync(report, 80);

        Lines(output).Where(l => !IsMessage(l)).ShouldAllBe(l => l.Length <= 80);
        Lines(output).ShouldContain(l => l.StartsWith($"── total · {report.Summary.Operations} operations ─", StringComparison.Ordinal));
        Lines(output).ShouldContain(l => Regex.IsMatch(
            l, $@"^  ddl-needs-trusted-chain +{totals[1].Allowed} allowed, {totals[1].Blocked} blocked, 0 warned *$"));
        var shape = report.Shapes.MaxBy(s => s.Operations)!;
        Lines(output).ShouldContain($"{shape.Shape.Text} · {shape.Operations} operations");
        output.ShouldNotContain("│ total");
    }

    [Theory]
    [InlineData(80)]
    [InlineData(200)]
    public async Task Object_names_are_never_split(int width)
    {
        var report = await FourPolicies();

        var output = await CollectedReports.TableAsync(report, width);

        var names = report.Operations
            .SelectMany(o => o.Operation.Chain)
            .Where(e => !ChainText.IsStatement(e) && !e.ObjectName.Contains(' ', StringComparison.Ordinal))
            .Select(e => e.ObjectName)
            .Distinct()
            .ToList();
        names.ShouldContain("mallory.v_bait");
        foreach (var name in names)
        {
            output.ShouldContain(name);
        }
    }

    [Fact]
    public async Task At_200_columns_the_policies_are_columns_of_one_table()
    {
        var report = await FourPolicies();

        var output = await CollectedReports.TableAsync(report, 200);

        Lines(output).Where(l => !IsMessage(l)).ShouldAllBe(l => l.Length <= 200);
        output.ShouldContain("╭─────────┬");
        output.ShouldContain("│ total");
        Lines(output).ShouldContain(l => Regex.IsMatch(l, @"^│ 4242 +│ +10 │ ALTER ROLE +│ alice +│ .*│ allowed +│ blocked +│ not_reached +│ blocked +│$"));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(200)]
    public async Task Each_culprit_marker_names_its_policy(int width)
    {
        var report = await FourPolicies();

        var output = await CollectedReports.TableAsync(report, width);

        var flat = Regex.Replace(output, @"[│\s]+", " ");
        flat.ShouldContain("view mallory.v_bait (mallory, rewrite) ← culprit under ddl-needs-trusted-chain");
        flat.ShouldContain("utility \"ALTER ROLE mallory SUPERUSER\" (mallory, utility) ← culprit under blocks-alter-role");
        flat.ShouldNotMatch(@"← culprit (?!under )");
    }

    [Fact]
    public async Task With_one_policy_the_marker_needs_no_name()
    {
        var report = await new ReplayEngine([BuiltInPolicies.DdlNeedsTrustedChain]).ReplayAsync(
            ReportSample.Sessions(), TestContext.Current.CancellationToken);

        var output = await CollectedReports.TableAsync(report, 120);

        output.ShouldContain("← culprit");
        output.ShouldNotContain("← culprit under");
    }

    [Theory]
    [InlineData(80)]
    [InlineData(200)]
    public async Task Messages_are_never_wrapped(int width)
    {
        var report = await FourPolicies();
        var detail = report.Operations.SelectMany(o => o.Verdicts).Select(v => v.Verdict.Detail).OfType<string>()
            .First(d => d.Length > 200);

        var output = await CollectedReports.TableAsync(report, width);

        Lines(output).ShouldContain($"DETAIL:  {detail}");
    }
}
