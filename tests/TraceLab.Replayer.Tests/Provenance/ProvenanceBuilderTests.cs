using TraceLab.Events;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Version1Sessions;

namespace TraceLab.Replayer.Tests.Provenance;

public sealed class ProvenanceBuilderTests
{
    private static List<Operation> Build(SessionScript script, string sessionId = ViewSessionId) =>
        [.. ProvenanceBuilder.Build(sessionId, script.Frames)];

    [Fact]
    public void Every_recorded_statement_and_function_call_is_an_operation_and_the_escalation_runs_through_both_views()
    {
        var trace = DemoTraces.ViewAttack;
        var session = trace.Sessions.Single();

        var operations = ProvenanceBuilder.Build(session.SessionId, DemoTraces.FramesOf(trace)).ToList();

        operations.Select(o => (o.Command, o.Kind)).ShouldBe(
        [
            ("SELECT", OperationKind.PlannedStatement),
            ("EXECUTE FUNCTION", OperationKind.FunctionCall),
            ("ALTER ROLE", OperationKind.UtilityCommand),
        ]);
        operations.ShouldAllBe(o => o.SessionId == session.SessionId && o.Database == session.Database);
        operations.Select(o => o.Seq).ShouldBeInOrder(SortDirection.Ascending);
        var alter = operations[2];
        alter.Lines().Select(trace.Restore).ShouldBe(
        [
            "Statement SELECT * FROM mallory.v_orders (alice)",
            "View mallory.v_orders (mallory)",
            "View mallory.v_orders_inner (mallory)",
            "Function mallory.f_format(integer) (mallory)",
            "Utility ALTER ROLE mallory SUPERUSER (mallory)",
        ]);
        trace.Restore(alter.Executor.Name!).ShouldBe("alice");
        alter.Category.ShouldBe(CommandCategory.Role);
        alter.Chain[^1].Seq.ShouldBe(alter.Seq);
        alter.Chain[3].Seq.ShouldBe(operations[1].Seq);
        operations[1].Lines().ShouldBe(alter.Lines()[..4]);
    }

    [Fact]
    public void A_recorded_trigger_attack_names_the_trigger_and_its_table()
    {
        var trace = DemoTraces.TriggerAttack;

        var alter = trace.Operations()[2];

        alter.Lines().Select(trace.Restore).ShouldBe(
        [
            "Statement INSERT INTO mallory.t_orders VALUES (1, 'first order') (alice)",
            "Trigger trg_orders on mallory.t_orders (mallory)",
            "Function mallory.trg_audit() (mallory)",
            "Utility ALTER ROLE mallory SUPERUSER (mallory)",
        ]);
    }

    [Fact]
    public void Every_statement_and_function_call_is_an_operation()
    {
        var operations = Build(ViewAttack());

        operations.Select(o => (o.Seq, o.Command, o.Kind)).ShouldBe(
        [
            (8L, "SELECT", OperationKind.PlannedStatement),
            (9L, "EXECUTE FUNCTION", OperationKind.FunctionCall),
            (10L, "ALTER ROLE", OperationKind.UtilityCommand),
        ]);
        operations.ShouldAllBe(o => o.SessionId == ViewSessionId && o.Database == "tracelab_demo");
    }

    [Fact]
    public void The_view_attack_chain_runs_through_both_views()
    {
        var alter = Build(ViewAttack())[2];

        alter.Lines().ShouldBe(
        [
            "Statement SELECT * FROM mallory.v_bait (alice)",
            "View mallory.v_bait (mallory)",
            "View mallory.v_inner (mallory)",
            "Function mallory.f_evil(integer) (mallory)",
            "Utility ALTER ROLE mallory SUPERUSER (mallory)",
        ]);
        alter.Executor.Name.ShouldBe("alice");
        alter.SessionUser.Name.ShouldBe("alice");
        alter.Category.ShouldBe(CommandCategory.Role);
        alter.Chain.Select(e => e.ObjectOid).ShouldBe([0u, VBait, VInner, FEvil, 0u]);
        alter.Chain.Select(e => e.Seq).ShouldBe([8L, 7, 7, 9, 10]);
        alter.Chain[^1].Command.ShouldBe("ALTER ROLE");
    }

    [Fact]
    public void The_function_call_ends_its_own_chain()
    {
        var call = Build(ViewAttack())[1];

        call.Lines().ShouldBe(
        [
            "Statement SELECT * FROM mallory.v_bait (alice)",
            "View mallory.v_bait (mallory)",
            "View mallory.v_inner (mallory)",
            "Function mallory.f_evil(integer) (mallory)",
        ]);
    }

    [Fact]
    public void The_top_level_statement_is_its_own_root()
    {
        var select = Build(ViewAttack())[0];

        select.Lines().ShouldBe(["Statement SELECT * FROM mallory.v_bait (alice)"]);
        select.Chain[0].Command.ShouldBe("SELECT");
    }

    [Fact]
    public void The_trigger_attack_chain_names_the_trigger_and_its_table()
    {
        var alter = Build(TriggerAttack())[2];

        alter.Lines().ShouldBe(
        [
            "Statement INSERT INTO mallory.t_orders VALUES (1,'x') (alice)",
            "Trigger trg_orders on mallory.t_orders (mallory)",
            "Function mallory.trg_fn() (mallory)",
            "Utility ALTER ROLE mallory SUPERUSER (mallory)",
        ]);
        alter.Chain[1].ObjectOid.ShouldBe(TrgOrders);
    }

    [Fact]
    public void The_benign_session_is_owned_by_bob_throughout()
    {
        var create = Build(BenignBob(), BenignSessionId)[2];

        create.Lines().ShouldBe(
        [
            "Statement SELECT bob.make_summary() (bob)",
            "Function bob.make_summary() (bob)",
            "Utility CREATE TABLE IF NOT EXISTS bob.summary(n int) (bob)",
        ]);
        create.Executor.Name.ShouldBe("bob");
    }

    [Fact]
    public void A_function_written_in_the_statement_gets_no_view_entry()
    {
        var s = new SessionScript();
        s.Started("db", Alice);
        s.Role(Alice, "alice", true);
        s.Role(Mallory, "mallory");
        s.Relation(VInner, "mallory", "v_inner", "v", Mallory);
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        s.Analyzed(Q1, "SELECT", new ExpandedView(VInner, -1, [FEvil]));
        var select = s.Statement(0, 0, Alice, Q1, "SELECT", "SELECT mallory.f_evil(1) FROM mallory.v_inner");
        s.Entered(select, 1, Alice, FEvil, location: 7);

        var call = Build(s)[1];

        call.Lines().ShouldBe(
        [
            "Statement SELECT mallory.f_evil(1) FROM mallory.v_inner (alice)",
            "Function mallory.f_evil(integer) (mallory)",
        ]);
    }

    [Fact]
    public void A_stored_call_without_a_view_that_calls_it_attaches_to_the_statement()
    {
        var s = new SessionScript();
        s.Started("db", Alice);
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        s.Analyzed(Q1, "SELECT", new ExpandedView(VBait, -1, []));
        var insert = s.Statement(0, 0, Alice, Q1, "INSERT", "INSERT INTO mallory.t DEFAULT VALUES");
        s.Entered(insert, 1, Alice, FEvil);

        Build(s)[1].Chain.Select(e => e.Kind).ShouldBe([ChainEntryKind.Statement, ChainEntryKind.Function]);
    }

    [Fact]
    public void Views_are_only_looked_up_for_a_call_directly_under_a_planned_statement()
    {
        var s = ViewAttackPrefix();
        var select = s.Statement(0, 0, Alice, Q1, "SELECT", "SELECT * FROM mallory.v_bait");
        var outer = s.Entered(select, 1, Alice, FEvil);
        s.Entered(outer, 2, Alice, FEvil);

        var inner = Build(s)[2];

        inner.Lines().ShouldBe(
        [
            "Statement SELECT * FROM mallory.v_bait (alice)",
            "View mallory.v_bait (mallory)",
            "View mallory.v_inner (mallory)",
            "Function mallory.f_evil(integer) (mallory)",
            "Function mallory.f_evil(integer) (mallory)",
        ]);
    }

    [Fact]
    public void A_query_run_by_a_function_is_owned_by_the_function_owner_and_uses_its_own_analysis()
    {
        const uint fOuter = 16415;
        const long innerQuery = 999;
        var s = ViewAttackPrefix();
        s.Function(fOuter, "bob", "report", "", Bob);
        s.Role(Bob, "bob");
        var select = s.Statement(0, 0, Alice, 5, "SELECT", "SELECT bob.report()");
        var report = s.Entered(select, 1, Alice, fOuter, location: 7);
        s.Analyzed(innerQuery, "SELECT", new ExpandedView(VInner, -1, [FEvil]));
        var query = s.Statement(report, 2, Alice, innerQuery, "SELECT", "SELECT count(*) FROM mallory.v_inner");
        var evil = s.Entered(query, 3, Alice, FEvil);
        s.Utility(evil, 4, Alice, Q2, "DROP TABLE", "DROP TABLE bob.accounts");

        var drop = Build(s)[^1];

        drop.Lines().ShouldBe(
        [
            "Statement SELECT bob.report() (alice)",
            "Function bob.report() (bob)",
            "Query SELECT count(*) FROM mallory.v_inner (bob)",
            "View mallory.v_inner (mallory)",
            "Function mallory.f_evil(integer) (mallory)",
            "Utility DROP TABLE bob.accounts (mallory)",
        ]);
    }

    [Fact]
    public void A_nested_statement_without_an_enclosing_function_is_owned_by_the_session_user()
    {
        var s = new SessionScript();
        s.Started("db", Bob);
        s.Role(Bob, "bob");
        var doBlock = s.Utility(0, 0, Bob, 0, "DO", "DO $$BEGIN EXECUTE 'CREATE TABLE bob.t()'; END$$");
        s.Utility(doBlock, 1, Bob, 0, "CREATE TABLE", "CREATE TABLE bob.t()");

        Build(s)[1].Lines().ShouldBe(
        [
            "Statement DO $$BEGIN EXECUTE 'CREATE TABLE bob.t()'; END$$ (bob)",
            "Utility CREATE TABLE bob.t() (bob)",
        ]);
    }

    [Fact]
    public void The_analysis_used_is_the_latest_for_the_query_id_before_the_statement()
    {
        const uint vOther = 16405;
        var s = ViewAttackPrefix();
        s.Relation(vOther, "public", "v_other", "v", Alice);
        s.Analyzed(Q1, "SELECT", new ExpandedView(vOther, -1, [FEvil]));
        s.Analyzed(Q1, "SELECT", new ExpandedView(VBait, -1, []), new ExpandedView(VInner, 0, [FEvil]));
        s.Analyzed(Q1 + 1, "SELECT", new ExpandedView(vOther, -1, [FEvil]));
        var select = s.Statement(0, 0, Alice, Q1, "SELECT", "SELECT * FROM mallory.v_bait");
        s.Analyzed(Q1, "SELECT", new ExpandedView(vOther, -1, [FEvil]));
        s.Entered(select, 1, Alice, FEvil);

        Build(s)[^1].Chain.Select(e => e.ObjectName).ShouldBe(
            ["SELECT * FROM mallory.v_bait", "mallory.v_bait", "mallory.v_inner", "mallory.f_evil(integer)"]);
    }

    [Fact]
    public void A_chain_survives_its_ancestors_finishing_first()
    {
        var s = ViewAttackPrefix();
        var declare = s.Utility(0, 0, Alice, 3, "DECLARE CURSOR", "DECLARE c CURSOR FOR SELECT * FROM mallory.v_bait");
        var cursorQuery = s.Statement(
            declare, 1, Alice, Q1, "SELECT", "DECLARE c CURSOR FOR SELECT * FROM mallory.v_bait", context: StatementContext.Subcommand);
        s.Finished(declare);
        s.Utility(0, 0, Alice, 4, "FETCH", "FETCH c");
        s.Entered(cursorQuery, 1, Alice, FEvil);

        Build(s)[^1].Lines().ShouldBe(
        [
            "Statement DECLARE c CURSOR FOR SELECT * FROM mallory.v_bait (alice)",
            "Query DECLARE c CURSOR FOR SELECT * FROM mallory.v_bait (alice)",
            "View mallory.v_bait (mallory)",
            "View mallory.v_inner (mallory)",
            "Function mallory.f_evil(integer) (mallory)",
        ]);
    }

    [Fact]
    public void The_body_of_a_cursor_uses_the_analysis_of_its_declare()
    {
        var s = new SessionScript();
        s.Started("tracelab_demo", Alice);
        s.Role(Alice, "alice", superuser: true);
        s.Role(Mallory, "mallory");
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        s.Analyzed(Q1, "DECLARE CURSOR", new ExpandedView(VBait, -1, [FEvil]));
        var declare = s.Utility(0, 0, Alice, Q1, "DECLARE CURSOR", "DECLARE c CURSOR FOR SELECT * FROM mallory.v_bait");
        var body = s.Statement(
            declare, 1, Alice, 0, "SELECT", "DECLARE c CURSOR FOR SELECT * FROM mallory.v_bait", context: StatementContext.Subcommand);
        s.Entered(body, 2, Alice, FEvil);

        Build(s)[^1].Chain.Select(e => e.Kind).ShouldBe(
            [ChainEntryKind.Statement, ChainEntryKind.Query, ChainEntryKind.View, ChainEntryKind.Function]);
    }

    [Fact]
    public void The_executor_is_the_effective_user_of_the_frame()
    {
        var s = new SessionScript();
        s.Started("db", Bob);
        s.Role(Bob, "bob");
        s.Role(Alice, "alice", true);
        s.Function(16420, "admin", "definer", "", Alice);
        var select = s.Statement(0, 0, Bob, 1, "SELECT", "SELECT admin.definer()");
        var call = s.Entered(select, 1, Alice, 16420, location: 7);
        s.Utility(call, 2, Alice, 2, "CREATE TABLE", "CREATE TABLE admin.log()");

        var operations = Build(s);

        operations.Select(o => o.Executor.Name).ShouldBe(["bob", "alice", "alice"]);
        operations[2].SessionUser.Name.ShouldBe("bob");
    }

    private static SessionScript ViewAttackPrefix()
    {
        var s = new SessionScript();
        s.Started("tracelab_demo", Alice);
        s.Role(Alice, "alice", superuser: true);
        s.Role(Mallory, "mallory");
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Relation(VInner, "mallory", "v_inner", "v", Mallory);
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        s.Analyzed(Q1, "SELECT", new ExpandedView(VBait, -1, []), new ExpandedView(VInner, 0, [FEvil]));
        return s;
    }
}
