using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Replays;
using static TraceLab.Replayer.Tests.Support.Scenarios;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>Plan-time calls, prepared statements and cached plans: code attributed across the gap between planning
/// (or preparing) and execution.</summary>
public sealed class PlanningAndPreparedTests
{
    private const string Escalation = "utility ALTER ROLE mallory SUPERUSER (mallory) utility";

    [Fact]
    public void Const_folding_under_explain_follows_the_explain_statement()
    {
        var alter = Last(ConstFoldingUnderExplain(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement EXPLAIN (COSTS OFF) SELECT * FROM public.accounts WHERE id = mallory.f_imm(1) (alice) utility",
            "function mallory.f_imm(integer) (mallory) planning",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> function mallory.f_imm(integer) owned by \"mallory\" called while planning "
            + "(culprit) -> ALTER ROLE executed as \"alice\".");
    }

    [Fact]
    public void Plans_are_frames_but_not_operations()
    {
        var builder = new TraceLab.Replayer.Provenance.ProvenanceBuilder(SessionId);
        var s = Begin(trusted: false);
        var plan = s.Plan(0, 0, Alice, QSelect, "SELECT 1");
        var operations = s.Frames.Select(builder.Observe).OfType<Operation>().ToList();

        operations.ShouldBeEmpty();
        builder.LiveFrames.ShouldBe(1);
        builder.Observe(new PlanFinished(new FrameHeader(plan + 1, 0, 0, 0, Alice, Alice, SecurityContext.None), plan, FrameOutcome.Succeeded, "", []));
        builder.LiveFrames.ShouldBe(0);
    }

    [Fact]
    public void A_statement_prepared_by_another_role_names_the_preparer()
    {
        var operations = Operations(PreparedByAnotherRole(trusted: false));
        var execute = operations.Single(o => o.Command == "EXECUTE");
        var alter = operations[^1];

        execute.Trail().ShouldBe(["statement EXECUTE p_m (alice) utility", "prepared_statement p_m (mallory) prepare"]);
        alter.Trail().ShouldBe(
        [
            "statement EXECUTE p_m (alice) utility",
            "prepared_statement p_m (mallory) prepare",
            "query PREPARE p_m AS SELECT mallory.f_evil() (mallory) execution",
            "function mallory.f_evil() (mallory) execution",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.Message.ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> prepared statement p_m prepared by \"mallory\" (culprit) -> "
            + "nested SELECT owned by \"mallory\" -> function mallory.f_evil() owned by \"mallory\" -> ALTER ROLE executed as \"alice\".");
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not execute prepared statement p_m as \"alice\".");
    }

    [Fact]
    public void A_statement_prepared_inside_another_roles_function_is_that_roles()
    {
        var alter = Last(PreparedInsideAnotherRolesFunction(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement EXECUTE p_m (alice) utility",
            "prepared_statement p_m (mallory) prepare",
            "query PREPARE p_m AS SELECT mallory.f_evil() (mallory) execution",
            "function mallory.f_evil() (mallory) execution",
            Escalation,
        ]);
        Ddl(alter).CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void An_execute_of_a_prepare_the_recording_lacks_has_an_unknown_preparer()
    {
        var s = Begin(trusted: false);
        var execute = s.Utility(0, 0, Alice, 0, "EXECUTE", "EXECUTE p_x", prepared: new PreparedStatementReference("p_x", 0));
        s.Utility(execute, 1, Alice, 0, "CREATE TABLE", "CREATE TABLE public.t(n int)");

        var create = Last(s, "CREATE TABLE");

        create.Trail().ShouldBe(
        [
            "statement EXECUTE p_x (alice) utility",
            "prepared_statement p_x (unknown role) prepare",
            "utility CREATE TABLE public.t(n int) (unknown role) utility",
        ]);
        Ddl(create).Message.ShouldBe("an unknown role may not induce user \"alice\" to execute \"CREATE TABLE\"");
    }

    [Fact]
    public void A_statement_prepared_again_under_the_same_name_is_told_apart_by_its_seq()
    {
        var s = PreparedByAnotherRole(trusted: false);
        var again = s.Utility(0, 0, Alice, 0, "PREPARE", "PREPARE p_m AS SELECT 1", prepared: new PreparedStatementReference("p_m", 0));
        s.Finished(again);
        var execute = s.Utility(0, 0, Alice, 0, "EXECUTE", "EXECUTE p_m", prepared: new PreparedStatementReference("p_m", again));

        Operations(s).Single(o => o.Seq == execute).Trail()[1].ShouldBe("prepared_statement p_m (alice) prepare");
    }

    [Fact]
    public void A_protocol_statement_run_again_from_a_cached_plan_keeps_its_view_origins()
    {
        var alter = Last(ProtocolCachedPlan(trusted: false));

        alter.Trail().ShouldBe(
        [
            "statement SELECT * FROM mallory.v_bait WHERE id = $1 (alice) execution",
            "prepared_statement S_1 (alice) prepare",
            "view mallory.v_bait (mallory) rewrite",
            "view mallory.v_inner (mallory) rewrite",
            "function mallory.f_evil() (mallory) execution",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        verdict.CulpritIndex.ShouldBe(2);
        ChainSentence.Format(alter, verdict.CulpritIndex).ShouldStartWith(
            "Chain: statement entered by session user \"alice\" -> prepared statement S_1 prepared by \"alice\" -> "
            + "view mallory.v_bait owned by \"mallory\" (culprit)");
    }

    [Fact]
    public void A_protocol_statement_parsed_under_another_role_names_that_role()
    {
        const string text = "SELECT 1";
        var s = Begin(trusted: false);
        s.Analysis(QSelect, "SELECT", text, user: Mallory);
        s.Statement(0, 0, Alice, QSelect, "SELECT", text, prepared: new PreparedStatementReference("", 0), portal: new PortalReference("", false));

        var select = Operations(s)[^1];

        select.Trail().ShouldBe(["statement SELECT 1 (alice) execution", "prepared_statement  (mallory) prepare"]);
        ChainSentence.Format(select).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> unnamed prepared statement prepared by \"mallory\" -> "
            + "SELECT executed as \"alice\".");
    }

    [Fact]
    public void A_protocol_statement_parsed_and_run_by_the_same_role_is_just_the_statement()
    {
        const string text = "SELECT 1";
        var s = Begin(trusted: false);
        s.Analysis(QSelect, "SELECT", text, user: Alice);
        s.Statement(0, 0, Alice, QSelect, "SELECT", text, prepared: new PreparedStatementReference("", 0), portal: new PortalReference("", false));

        var select = Operations(s)[^1];

        select.Trail().ShouldBe(["statement SELECT 1 (alice) execution"]);
    }

    [Fact]
    public void A_protocol_statement_revalidated_under_another_role_keeps_the_role_of_its_parse()
    {
        const string text = "SELECT 1";
        var s = Begin(trusted: false);
        s.Analysis(QSelect, "SELECT", text, user: Mallory);
        s.TransactionEnded();
        s.Analysis(QSelect, "SELECT", text, user: Alice);
        s.Plan(0, 0, Alice, QSelect, text);
        s.Statement(0, 0, Alice, QSelect, "SELECT", text, prepared: new PreparedStatementReference("_p1", 0), portal: new PortalReference("", true));

        var select = Operations(s)[^1];

        select.Trail().ShouldBe(["statement SELECT 1 (alice) execution", "prepared_statement _p1 (mallory) prepare"]);
    }

    [Fact]
    public void A_plpgsql_cached_plan_is_joined_to_its_first_analysis()
    {
        var operations = Operations(PlpgsqlCachedPlan(trusted: false));
        var alter = operations[^1];
        var calls = operations.Where(o => o.Command == Operation.FunctionCallCommand && o.Entry.ObjectOid == FEvil).ToList();

        calls.Count.ShouldBe(2);
        calls.ShouldAllBe(c => c.Chain[3].Kind == ChainEntryKind.Default);
        alter.Trail().ShouldBe(
        [
            "statement SELECT public.report() (alice) execution",
            "function public.report() (alice) execution",
            "query INSERT INTO mallory.t(a) VALUES (1) (alice) execution",
            "default default of mallory.t.c (mallory) rewrite",
            "function mallory.f_evil() (mallory) execution",
            Escalation,
        ]);
        Ddl(alter).CulpritIndex.ShouldBe(3);
    }

    [Fact]
    public void Without_a_query_id_only_the_analysis_just_before_under_the_same_parent_counts()
    {
        var s = Begin(trusted: false);
        s.Relation(T, "mallory", "t", "r", Mallory, DefaultCode());
        s.Analysis(0, "INSERT", "INSERT INTO mallory.t VALUES (1)", relations: [new(T, true)]);
        var other = s.Statement(0, 0, Alice, 0, "SELECT", "SELECT 1");
        s.Finished(other);
        s.Analysis(0, "SELECT", "SELECT 2");
        var insert = s.Statement(0, 0, Alice, 0, "INSERT", "INSERT INTO mallory.t VALUES (1)");
        s.Entered(insert, 1, Alice, FEvil, phase: "execution");

        Operations(s)[^1].Trail().Length.ShouldBe(2);
    }
}
