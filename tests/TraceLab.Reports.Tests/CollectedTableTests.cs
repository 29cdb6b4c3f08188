using System.Text.RegularExpressions;
using TraceLab.Policies;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Reports;
using static TraceLab.Replayer.Tests.Support.Version1Sessions;

using TraceLab.Reports.Tests.Support;

namespace TraceLab.Reports.Tests;

/// <summary>The console table of a collected report: every operation listed, chains as trees, psql-style messages.</summary>
public sealed class CollectedTableTests
{
    private static async Task<ReplayReport> ReplayAllSamples() =>
        await new ReplayEngine(Replays.Classic).ReplayAsync(
            [
                Version1Sessions.ViewAttack().ToSession(ViewSessionId),
                Version1Sessions.TriggerAttack().ToSession(TriggerSessionId),
                Version1Sessions.BenignBob().ToSession(BenignSessionId),
            ],
            TestContext.Current.CancellationToken);

    private static string[] Lines(string output) => output.Split('\n');

    private static bool IsMessage(string line) => line.StartsWith("DETAIL:", StringComparison.Ordinal) || line.StartsWith("HINT:", StringComparison.Ordinal);

    private static bool Has(string line, string text) => line.Contains(text, StringComparison.Ordinal);

    [Fact]
    public async Task Shows_a_decision_per_policy_for_every_operation()
    {
        var report = await ReplayAllSamples();
        var output = await CollectedReports.TableAsync(report);

        var rows = Lines(output).Where(l => Regex.IsMatch(l, @"^│ 424\d +│ +\d+ │")).ToList();
        rows.Count.ShouldBe(9);
        rows.Count(l => Has(l, "blocked")).ShouldBe(2);
        rows.ShouldAllBe(l => Has(l, "allowed"));
        rows.Where(l => Has(l, "blocked")).ShouldAllBe(l => Has(l, "ALTER ROLE"));
    }

    [Fact]
    public async Task Lists_the_chain_one_entry_per_line_and_marks_the_culprit()
    {
        var report = await ReplayAllSamples();
        var output = await CollectedReports.TableAsync(report);

        output.ShouldContain("statement \"SELECT * FROM mallory.v_bait\" (alice,");
        output.ShouldContain("└ view mallory.v_bait (mallory, rewrite) ←");
        output.ShouldContain("└ view mallory.v_inner (mallory, rewrite) ");
        output.ShouldContain("└ function mallory.f_evil(integer) (mallory,");
        output.ShouldContain("└ function bob.make_summary() (bob, execution)");
        output.ShouldContain("ddl-needs-");
        output.ShouldContain("permissive");
    }

    [Fact]
    public async Task Prints_each_block_the_way_psql_prints_an_error()
    {
        var report = await ReplayAllSamples();
        var output = await CollectedReports.TableAsync(report);

        var lines = Lines(output);
        var label = Array.FindIndex(
            lines, l => l.TrimEnd() == "Policy ddl-needs-trusted-chain would block seq 10 in session 4242-1780000000000000:");
        label.ShouldBeGreaterThan(0);
        lines[label + 1].TrimEnd().ShouldBe("ERROR:  user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        lines[label + 2].ShouldStartWith(
            "DETAIL:  Function mallory.f_evil(integer) owned by \"mallory\" was called from view mallory.v_inner owned by \"mallory\",");
        output.ShouldContain("HINT:  Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use view");
        output.ShouldContain("Policy ddl-needs-trusted-chain would block seq 8 in session 4243-1780000000500000:");
        output.ShouldNotContain("would block seq 6");
    }

    [Fact]
    public async Task Messages_can_be_left_out()
    {
        var report = await ReplayAllSamples();
        var output = await CollectedReports.TableAsync(report, 120, new ReplayTableOptions { ShowMessages = false });

        output.ShouldNotContain("ERROR:");
    }

    [Fact]
    public async Task A_wider_console_gives_the_chain_more_room()
    {
        var s = new SessionScript();
        s.Started("tracelab_demo", Bob, "long");
        s.Role(Bob, "bob");
        s.Function(MakeSummary, "bob", "make_summary", "", Bob);
        var call = s.Utility(0, 0, Bob, 1, "CALL", "CALL bob.nightly_maintenance_of_every_single_summary_table_we_have(42, 'verbose')");
        var body = s.Entered(call, 1, Bob, MakeSummary);
        for (var i = 0; i < 12; i++)
        {
            var create = s.Utility(body, 2, Bob, 2, "REFRESH MATERIALIZED VIEW", $"REFRESH MATERIALIZED VIEW CONCURRENTLY bob.summary_{i}");
            s.Finished(create);
        }

        var report = await new ReplayEngine(Replays.Classic).ReplayAsync(
            [
                Version1Sessions.ViewAttack().ToSession(ViewSessionId),
                Version1Sessions.TriggerAttack().ToSession(TriggerSessionId),
                s.ToSession(BenignSessionId),
            ],
            TestContext.Current.CancellationToken);
        var narrow = await CollectedReports.TableAsync(report, 120);
        var wide = await CollectedReports.TableAsync(report, 200);

        report.Operations.Count.ShouldBe(20);
        Lines(narrow).Where(l => !IsMessage(l)).ShouldAllBe(l => l.Length <= 120);
        Lines(wide).ShouldContain(l => l.Length > 120);
        Lines(wide).Length.ShouldBeLessThan(Lines(narrow).Length);
        wide.ShouldContain("statement \"CALL bob.nightly_maintenance_of_every_s…\" (bob, utility)");
        narrow.ShouldNotContain("statement \"CALL bob.nightly_maintenance_of_every_s…\" (bob, utility)");
    }

    [Fact]
    public async Task Long_statements_are_shortened_in_the_table_only()
    {
        var s = new SessionScript();
        s.Started("db", Bob);
        s.Role(Bob, "bob");
        s.Statement(0, 0, Bob, 1, "SELECT", "SELECT a,\n       b\n  FROM bob.some_really_long_table_name_that_goes_on WHERE c = 1");
        var report = await new ReplayEngine(Replays.Classic).ReplayAsync([s.ToSession()], TestContext.Current.CancellationToken);
        var output = await CollectedReports.TableAsync(report, 120, new ReplayTableOptions { MaxStatementLength = 24 });

        output.ShouldContain("statement \"SELECT a, b FROM bob.so…\" (bob,");
        (await CollectedReports.JsonAsync(report))
            .ShouldContain("SELECT a,\\n       b\\n  FROM bob.some_really_long_table_name_that_goes_on WHERE c = 1");
    }

    [Fact]
    public async Task Rendering_is_repeatable()
    {
        var first = await CollectedReports.TableAsync(await ReplayAllSamples());
        var second = await CollectedReports.TableAsync(await ReplayAllSamples());

        second.ShouldBe(first);
    }

    [Fact]
    public async Task The_summary_counts_per_session_and_in_total()
    {
        var report = await ReplayAllSamples();
        var output = await CollectedReports.TableAsync(report);

        var lines = Lines(output);
        lines.ShouldContain(l => Has(l, "4242-1780000000000000") && Has(l, "3 allowed") && Has(l, "2 allowed"));
        lines.ShouldContain(l => Has(l, "total") && Has(l, "9 allowed") && Has(l, "7 allowed"));
        lines.ShouldContain(l => Has(l, "0 blocked") && Has(l, "2 blocked"));
    }
}
