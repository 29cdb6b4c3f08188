using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Replays;
using static TraceLab.Replayer.Tests.Support.EdgeCaseScripts;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>Plan-time calls, prepared statements and cached plans: code attributed across the gap between planning
/// (or preparing) and execution.</summary>
public sealed class PlanningAndPreparedTests
{
    private const string Escalation = "utility ALTER ROLE mallory SUPERUSER (mallory) utility";

    [Fact]
    public void Const_folding_under_explain_follows_the_explain_statement()
    {
        var trace = GoldenTrace.Of("explain-const-folding");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement EXPLAIN SELECT sum(amount) FROM mallory.ledger WHERE booked >= mallory.fiscal_year_start(2027) (alice) utility",
            "function mallory.fiscal_year_start(integer) (mallory) planning",
            "query SELECT mallory.f_escalate() (mallory) execution",
            "function mallory.f_escalate() (mallory) execution",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        trace.Restore(ChainSentence.Format(alter, verdict.CulpritIndex)).ShouldStartWith(
            "Chain: statement entered by session user \"alice\" -> function mallory.fiscal_year_start(integer) owned by \"mallory\" called while planning "
            + "(culprit) -> ");
    }

    [Fact]
    public void Plans_are_frames_but_not_operations()
    {
        var builder = new TraceLab.Replayer.Provenance.ProvenanceBuilder(Replays.SessionId);
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
        var trace = GoldenTrace.Of("prepared-statement-left-by-set-role");
        var operations = trace.Operations();
        var execute = operations.First(o => o.Command == "EXECUTE");
        var alter = trace.FirstBlockedBy(Ddl);

        trace.Trail(execute).ShouldBe(["statement EXECUTE tenant_report (pool) utility", "prepared_statement tenant_report (mallory) prepare"]);
        trace.Trail(alter).ShouldBe(
        [
            "statement EXECUTE tenant_report (pool) utility",
            "prepared_statement tenant_report (mallory) prepare",
            "query PREPARE tenant_report AS SELECT count(*), sum(total) FROM mallory.invoices WHERE mallory.f_escalate() >= 0 (mallory) execution",
            "function mallory.f_escalate() (mallory) execution",
            Escalation,
        ]);
        var verdict = Ddl(alter);
        trace.Restore(verdict.Message!).ShouldBe("user \"mallory\" may not induce user \"pool\" to execute \"ALTER ROLE\"");
        trace.Restore(ChainSentence.Format(alter, verdict.CulpritIndex)).ShouldBe(
            "Chain: statement entered by session user \"pool\" -> prepared statement tenant_report prepared by \"mallory\" (culprit) -> "
            + "nested SELECT owned by \"mallory\" -> function mallory.f_escalate() owned by \"mallory\" -> ALTER ROLE executed as \"pool\".");
        trace.Restore(verdict.Hint!).ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {pool: [mallory]}), or do not execute prepared statement tenant_report as \"pool\".");
    }

    [Fact]
    public void A_statement_prepared_inside_another_roles_function_is_that_roles()
    {
        var trace = GoldenTrace.Of("prepared-in-untrusted-function");
        var alter = trace.First();

        var trail = trace.Trail(alter);
        trail[0].ShouldBe("statement EXECUTE monthly_totals (alice) utility");
        trail[1].ShouldBe("prepared_statement monthly_totals (mallory) prepare");
        trail[2].ShouldStartWith("query PREPARE monthly_totals AS");
        trail[2].ShouldEndWith(" (mallory) execution");
        trail[3..].ShouldBe(["function mallory.f_escalate() (mallory) execution", Escalation]);
        Ddl(alter).CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void A_plpgsql_plan_replanned_after_a_search_path_change_follows_the_function_that_planned_it()
    {
        var trace = GoldenTrace.Of("plpgsql-plan-replanned-search-path");
        var alter = trace.First();

        var trail = trace.Trail(alter);
        trail[..2].ShouldBe(["statement SELECT public.invoice_total(1) (alice) execution", "function public.invoice_total(integer) (dba) execution"]);
        trail[2].ShouldStartWith("query SELECT round_money(sum(amount))");
        trail[3].ShouldBe("function mallory.round_money(numeric) (mallory) execution");
        Ddl(alter).CulpritIndex.ShouldBe(3);
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
