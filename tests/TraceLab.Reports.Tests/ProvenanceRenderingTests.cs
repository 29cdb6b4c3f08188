using System.Text.Json;
using TraceLab.Policies.Model;
using TraceLab.Policies;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Reports;

using TraceLab.Reports.Tests.Support;

namespace TraceLab.Reports.Tests;

using Scenarios = TraceLab.Reports.Tests.Support.ReportScenarios;

/// <summary>How the kinds and phases of version-2 chains appear in the JSON document and the console table.</summary>
public sealed class ProvenanceRenderingTests
{
    private static async Task<ReplayReport> Replay(SessionScript script) =>
        await new ReplayEngine(Replays.Classic).ReplayAsync([script.ToSession()], TestContext.Current.CancellationToken);

    [Fact]
    public async Task Json_chain_entries_carry_snake_case_kinds_and_a_phase()
    {
        var report = await Replay(Scenarios.AnalyzeAsOwner(trusted: false));

        using var document = JsonDocument.Parse(await CollectedReports.JsonAsync(report));
        var chain = document.RootElement.GetProperty("operations").EnumerateArray().Last().GetProperty("chain");

        chain.EnumerateArray().Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("phase").GetString())).ShouldBe(
        [
            ("statement", "utility"),
            ("maintenance", "maintenance"),
            ("index_expression", "maintenance"),
            ("function", "maintenance"),
            ("utility", "utility"),
        ]);
        chain[2].GetProperty("object").GetString().ShouldBe("index t_idx_expr on mallory.t_idx");
        chain[2].EnumerateObject().Select(p => p.Name).ShouldBe(["kind", "object", "owner", "phase"]);
    }

    [Fact]
    public async Task Json_candidate_and_phase_come_in_documented_order()
    {
        var report = await Replay(Scenarios.AmbiguousViewAndDefault(trusted: false));

        using var document = JsonDocument.Parse(await CollectedReports.JsonAsync(report));
        var entry = document.RootElement.GetProperty("operations").EnumerateArray().Last().GetProperty("chain")[2];

        entry.EnumerateObject().Select(p => p.Name).ShouldBe(["kind", "object", "owner", "candidate", "phase"]);
        entry.GetProperty("kind").GetString().ShouldBe("default");
        entry.GetProperty("object").GetString().ShouldBe("default of bob.t.c");
    }

    [Fact]
    public async Task Json_names_a_role_switch_operation()
    {
        var report = await Replay(Scenarios.SetRole(trusted: false));

        using var document = JsonDocument.Parse(await CollectedReports.JsonAsync(report));
        var set = document.RootElement.GetProperty("operations").EnumerateArray()
            .Single(o => o.GetProperty("kind").GetString() == "role-switch");

        set.GetProperty("command").GetString().ShouldBe("SET ROLE");
        set.GetProperty("category").GetString().ShouldBe("role-switch");
        set.GetProperty("executor").GetString().ShouldBe("alice");
    }

    [Fact]
    public void Every_kind_and_phase_has_a_report_name()
    {
        Enum.GetValues<ChainEntryKind>().Select(ReportNames.Of).ShouldBe(
        [
            "statement", "view", "function", "trigger", "query", "utility", "rule", "policy", "default", "generated_column",
            "check_constraint", "domain_constraint", "index_expression", "index_predicate", "aggregate", "operator", "cast",
            "type_io", "event_trigger", "foreign_key", "prepared_statement", "maintenance",
        ]);
        Enum.GetValues<ChainPhase>().Select(ReportNames.Of).ShouldBe(
            ["unknown", "rewrite", "prepare", "parse", "planning", "execution", "utility", "maintenance", "commit"]);
        ReportNames.Of(OperationKind.RoleSwitch).ShouldBe("role-switch");
    }

    [Fact]
    public async Task The_table_names_each_kind_once_with_owner_and_phase()
    {
        var report = await Replay(Scenarios.RuleOnInsert(trusted: false));
        var output = await CollectedReports.TableAsync(report, 160);

        output.ShouldContain("└ rule r_log on mallory.t (mallory, rewrite) ← culprit");
        output.ShouldNotContain("rule rule");
    }

    [Theory]
    [InlineData("IndexExpressionOnInsert", "└ index expression of index t_idx_expr on mallory.t_idx (mallory, execution)")]
    [InlineData("ProtocolCachedPlan", "└ prepared statement S_1 (alice, prepare)")]
    [InlineData("TypeInput", "└ type mallory.complex (mallory, parse)")]
    [InlineData("ForeignKeyCascade", "└ foreign key action (mallory, execution)")]
    [InlineData("AnalyzeAsOwner", "└ maintenance \"ANALYZE mallory.t_idx\" (mallory, maintenance)")]
    [InlineData("OperatorInView", "└ operator mallory.=(integer, integer) (mallory, execution)")]
    [InlineData("ParallelWorker", "statement \"SELECT count(*) FROM mallory.big WHERE …\" (parallel worker of leader pid 4242) (alice,")]
    public async Task The_table_labels_version_2_entries(string scenario, string line)
    {
        var report = await Replay(Scenarios.All[scenario](false));
        var output = await CollectedReports.TableAsync(report, 200);

        output.ShouldContain(line);
    }
}
