using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.EdgeCaseScripts;
using static TraceLab.Replayer.Tests.Support.Replays;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>The provenance builder's choices on recordings the catalogue cannot make on demand (see
/// <see cref="EdgeCaseScripts"/>); the recorded paths are in <see cref="StoredCodeOriginTests"/>.</summary>
public sealed class StoredCodeEdgeCaseTests
{
    private const string Escalation = "utility ALTER ROLE mallory SUPERUSER (mallory) utility";
    private const string Evil = "function mallory.f_evil() (mallory) execution";

    public static TheoryData<string> Unrecordable => ["TypeInput", "ProtocolCachedPlan"];

    [Fact]
    public void Without_a_plan_every_policy_calling_the_function_is_a_candidate()
    {
        var alter = Last(RowSecurityPolicy(trusted: false, planned: false));

        alter.Trail().ShouldBe(
        [
            "statement SELECT * FROM mallory.t_rls (alice) execution",
            "policy policy p_pos on mallory.t_rls (mallory, candidate) rewrite",
            "policy policy p_neg on mallory.t_rls (mallory, candidate) rewrite",
            Evil,
            Escalation,
        ]);
        Ddl(alter).CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void Stored_code_of_a_relation_that_is_only_read_is_not_a_candidate()
    {
        var s = Begin(trusted: false);
        s.Relation(T, "mallory", "t", "r", Mallory, Code(
            defaults: [new(2, "c", false, [FEvil])], checks: [new(CheckC, "t_c_check", [FEvil])],
            indexes: [new(IdxExpr, "t_idx_expr", [FEvil], [FEvil])], rules: [new(Rule, "r_log", "INSERT", [FEvil])]));
        s.Analysis(QSelect, "SELECT", "SELECT * FROM mallory.t", relations: [new(T, false)]);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT * FROM mallory.t");
        s.Entered(select, 1, Alice, FEvil, phase: "execution");

        Operations(s)[^1].Trail().ShouldBe(["statement SELECT * FROM mallory.t (alice) execution", Evil]);
    }

    [Fact]
    public void A_delete_brings_no_defaults_checks_or_index_code_of_its_target()
    {
        var s = Begin(trusted: false);
        s.Relation(T, "mallory", "t", "r", Mallory, Code(
            defaults: [new(2, "c", false, [FEvil])], rules: [new(Rule, "r_del", "DELETE", [FEvil])],
            indexes: [new(IdxExpr, "t_idx_expr", [FEvil], [])]));
        s.Analysis(QInsert, "DELETE", "DELETE FROM mallory.t", relations: [new(T, true)]);
        var delete = s.Statement(0, 0, Alice, QInsert, "DELETE", "DELETE FROM mallory.t");
        s.Entered(delete, 1, Alice, FEvil, phase: "execution");

        Operations(s)[^1].Trail()[1].ShouldBe("rule rule r_del on mallory.t (mallory) rewrite");
    }

    [Fact]
    public void A_relation_described_again_gives_its_latest_code()
    {
        var s = Begin(trusted: false);
        s.Relation(T, "mallory", "t", "r", Mallory, DefaultCode());
        s.Analysis(QInsert, "INSERT", "INSERT INTO mallory.t VALUES (1)", relations: [new(T, true)]);
        s.Relation(T, "mallory", "t", "r", Mallory, CheckCode());
        var insert = s.Statement(0, 0, Alice, QInsert, "INSERT", "INSERT INTO mallory.t VALUES (1)");
        s.Entered(insert, 1, Alice, FEvil, phase: "execution");

        Operations(s)[^1].Trail()[1].ShouldBe("check_constraint check constraint t_c_check on mallory.t (mallory) execution");
    }

    [Theory]
    [MemberData(nameof(Unrecordable))]
    public void With_every_owner_trusted_every_operation_is_allowed(string script)
    {
        var operations = Operations(Script(script, trusted: true));

        operations.ShouldNotBeEmpty();
        operations.Select(Ddl).ShouldAllBe(v => v.Decision == Decision.Allowed);
    }

    [Theory]
    [MemberData(nameof(Unrecordable))]
    public void With_mallory_untrusted_the_escalation_alone_is_blocked_and_every_entry_has_a_phase(string script)
    {
        var operations = Operations(Script(script, trusted: false));
        var blocked = operations.Where(o => Ddl(o).IsBlocked).ToList();

        blocked.ShouldHaveSingleItem().Category.ShouldBe(CommandCategory.Role);
        operations.SelectMany(o => o.Chain).ShouldAllBe(e => e.Phase != ChainPhase.Unknown);
    }

    private static SessionScript Script(string name, bool trusted) =>
        name == "TypeInput" ? TypeInput(trusted) : ProtocolCachedPlan(trusted);
}
