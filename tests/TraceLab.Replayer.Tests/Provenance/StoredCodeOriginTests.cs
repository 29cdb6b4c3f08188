using TraceLab.Policies;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Replays;
using static TraceLab.Replayer.Tests.Support.Scenarios;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>Calls with no call site attributed to the stored definition that holds them (issue 3, origin attribution).</summary>
public sealed class StoredCodeOriginTests
{
    private const string Escalation = "utility ALTER ROLE mallory SUPERUSER (mallory) utility";
    private const string Evil = "function mallory.f_evil() (mallory) execution";

    [Fact]
    public void Nested_views_are_inserted_from_the_top_view_in_the_rewrite_phase()
    {
        var alter = Last(NestedViews(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement SELECT * FROM mallory.v_bait (alice) execution",
            "view mallory.v_bait (mallory) rewrite",
            "view mallory.v_inner (mallory) rewrite",
            Evil,
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use view mallory.v_bait as \"alice\".");
    }

    [Fact]
    public void A_rule_of_the_target_for_the_statements_event_is_the_origin()
    {
        var alter = Last(RuleOnInsert(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement INSERT INTO mallory.t VALUES (1) (alice) execution",
            "rule rule r_log on mallory.t (mallory) rewrite",
            Evil,
            Escalation,
        ]);
        alter.Chain[1].ObjectOid.ShouldBe(Scenarios.Rule);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> rule r_log on mallory.t owned by \"mallory\" (culprit) -> "
            + "function mallory.f_evil() owned by \"mallory\" -> ALTER ROLE executed as \"alice\".");
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not modify the table of rule r_log on mallory.t as \"alice\".");
    }

    [Fact]
    public void Only_the_row_security_policy_the_plan_applied_is_the_origin()
    {
        var alter = Last(RowSecurityPolicy(trusted: false, planned: true));

        alter.Trail().ShouldBe(
        [
            "statement SELECT * FROM mallory.t_rls (alice) execution",
            "policy policy p_pos on mallory.t_rls (mallory) rewrite",
            Evil,
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldStartWith(
            "Chain: statement entered by session user \"alice\" -> row security policy p_pos on mallory.t_rls owned by \"mallory\" (culprit)");
    }

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
    public void A_column_default_of_the_target_is_the_origin()
    {
        var alter = Last(WriteCode(false, DefaultCode()));

        alter.Trail().ShouldBe(
        [
            "statement INSERT INTO mallory.t VALUES (1) (alice) execution",
            "default default of mallory.t.c (mallory) rewrite",
            Evil,
            Escalation,
        ]);
        var verdict = Ddl(alter);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldContain("-> column default of mallory.t.c owned by \"mallory\" (culprit) ->");
        verdict.Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not write rows that need the default of mallory.t.c as \"alice\".");
    }

    [Fact]
    public void A_generated_column_of_the_target_is_the_origin()
    {
        var alter = Last(WriteCode(false, GeneratedCode()));

        alter.Trail()[1].ShouldBe("generated_column generated column mallory.t.g (mallory) execution");
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldContain("-> expression of generated column mallory.t.g owned by \"mallory\" (culprit) ->");
    }

    [Fact]
    public void A_check_constraint_of_the_target_is_the_origin()
    {
        var alter = Last(WriteCode(false, CheckCode()));

        alter.Trail()[1].ShouldBe("check_constraint check constraint t_c_check on mallory.t (mallory) execution");
        alter.Chain[1].ObjectOid.ShouldBe(CheckC);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        verdict.Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not write rows checked by check constraint t_c_check on mallory.t as \"alice\".");
    }

    [Fact]
    public void A_domain_column_of_the_target_brings_the_domains_check()
    {
        var alter = Last(DomainColumn(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement INSERT INTO mallory.t VALUES (1, 5) (alice) execution",
            "domain_constraint domain mallory.positive_int check positive_int_check (mallory) execution",
            Evil,
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use domain mallory.positive_int as \"alice\".");
    }

    [Fact]
    public void A_cast_to_a_domain_brings_the_domains_check()
    {
        var alter = Last(DomainCast(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement SELECT 5::mallory.positive_int (alice) execution",
            "domain_constraint domain mallory.positive_int check positive_int_check (mallory) execution",
            Evil,
            Escalation,
        ]);
        Ddl(alter).CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void An_index_expression_of_the_insert_target_is_the_origin()
    {
        var alter = Last(IndexExpressionOnInsert(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement INSERT INTO mallory.t_idx VALUES (1) (alice) execution",
            "index_expression index t_idx_expr on mallory.t_idx (mallory) execution",
            "function mallory.f_idx(integer) (mallory) execution",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> index expression of index t_idx_expr on mallory.t_idx owned by "
            + "\"mallory\" (culprit) -> function mallory.f_idx(integer) owned by \"mallory\" -> ALTER ROLE executed as \"alice\".");
        verdict.Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not write to or maintain the table of index t_idx_expr on mallory.t_idx as \"alice\".");
    }

    [Fact]
    public void A_partial_index_predicate_proved_while_planning_is_the_origin()
    {
        var alter = Last(PartialIndexWhilePlanning(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement SELECT * FROM mallory.t_part WHERE a > 0 (alice) planning",
            "index_predicate index t_part_pred on mallory.t_part (mallory) planning",
            "function mallory.f_evil() (mallory) planning",
            Escalation,
        ]);
        alter.Chain[0].Command.ShouldBe("SELECT");
        ChainSentence.Format(alter, Ddl(alter).CulpritIndex).ShouldBe(
            "Chain: plan of a statement entered by session user \"alice\" -> index predicate of index t_part_pred on mallory.t_part "
            + "owned by \"mallory\" (culprit) -> function mallory.f_evil() owned by \"mallory\" called while planning -> "
            + "ALTER ROLE executed as \"alice\".");
    }

    [Fact]
    public void The_same_function_in_a_view_and_a_default_makes_both_candidates()
    {
        var alter = Last(AmbiguousViewAndDefault(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement INSERT INTO bob.t SELECT * FROM mallory.v_bait (alice) execution",
            "view mallory.v_bait (mallory, candidate) rewrite",
            "default default of bob.t.c (bob, candidate) rewrite",
            Evil,
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(1);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldEndWith(
            "-> column default of bob.t.c owned by \"bob\" (candidate) -> function mallory.f_evil() owned by \"mallory\" -> "
            + "ALTER ROLE executed as \"alice\".");
        verdict.Detail.ShouldNotBeNull().ShouldEndWith(
            "Entries marked (candidate) are alternative sources of the same call; each of them must be trusted.");
    }

    [Fact]
    public void An_untrusted_candidate_alone_is_enough_to_block()
    {
        // bob's default is a candidate too; only mallory is trusted here.
        var script = AmbiguousViewAndDefault(trusted: false);
        script.Role(Mallory, "mallory", superuser: true);
        script.Statement(0, 0, Alice, QInsert, "INSERT", "INSERT INTO bob.t SELECT * FROM mallory.v_bait");
        Escalate(script, script.Entered(script.LastSeq, 1, Alice, FEvil, phase: "execution"), 2);

        var verdict = Ddl(Last(script));

        verdict.IsBlocked.ShouldBeTrue();
        verdict.CulpritIndex.ShouldBe(2);
        verdict.Message.ShouldBe("user \"bob\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
    }

    [Fact]
    public void Stored_code_of_a_relation_that_is_only_read_is_not_a_candidate()
    {
        var s = Begin(trusted: false);
        s.Relation(T, "mallory", "t", "r", Mallory, Code(
            defaults: [new(2, "c", false, [FEvil])], checks: [new(CheckC, "t_c_check", [FEvil])],
            indexes: [new(IdxExpr, "t_idx_expr", [FEvil], [FEvil])], rules: [new(Scenarios.Rule, "r_log", "INSERT", [FEvil])]));
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
            defaults: [new(2, "c", false, [FEvil])], rules: [new(Scenarios.Rule, "r_del", "DELETE", [FEvil])],
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
}
