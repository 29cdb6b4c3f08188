using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Store;
using static TraceLab.Replayer.Tests.Support.Replays;
using static TraceLab.Replayer.Tests.Support.EdgeCaseScripts;

namespace TraceLab.Replayer.Tests.Provenance;

/// <summary>Privilege switches, maintenance as the table owner, and sessions of other processes.</summary>
public sealed class RolesAndBackgroundTests
{
    private const string Escalation = "utility ALTER ROLE mallory SUPERUSER (mallory) utility";

    [Fact]
    public void A_security_definer_function_runs_its_ddl_as_its_owner()
    {
        var trace = GoldenTrace.Of("security-definer-unsafe-search-path");
        var alter = trace.First();

        trace.Trail(alter).ShouldBe(
        [
            "statement SELECT admin.account_exists('Mallory') (mallory) execution",
            "function admin.account_exists(text) (alice) execution",
            "query EXISTS (SELECT 1 FROM admin.accounts WHERE name = lower(p_name)) (alice) execution",
            "function mallory.lower(text) (mallory) execution",
            Escalation,
        ]);
        trace.Restore(alter.Executor.Name!).ShouldBe("alice");
        trace.Restore(alter.SessionUser.Name!).ShouldBe("mallory");
    }

    [Fact]
    public void A_role_switch_is_an_operation_of_its_own()
    {
        var trace = GoldenTrace.Of("set-role-own-function");
        var set = trace.Operations().First(o => o.Kind == OperationKind.RoleSwitch);

        set.Command.ShouldBe("SET ROLE");
        set.Category.ShouldBe(CommandCategory.RoleSwitch);
        trace.Restore(set.Executor.Name!).ShouldBe("alice");
        trace.Restore(set.Switch.ShouldNotBeNull().OuterUser.Name!).ShouldBe("bob");
        trace.Restore(set.Switch.SessionUser.Name!).ShouldBe("alice");
        set.Switch.Local.ShouldBeFalse();
        trace.Trail(set).ShouldBe(["statement SET ROLE bob (alice) utility"]);
        trace.Restore(ChainSentence.Format(set)).ShouldBe("Chain: statement entered by session user \"alice\" -> SET ROLE executed as \"alice\".");
        Ddl(set).ShouldBe(Verdict.Allow());
    }

    [Fact]
    public void After_set_role_the_statements_run_as_the_new_role()
    {
        var trace = GoldenTrace.Of("set-role-own-function");
        var create = trace.Last("CREATE TABLE");

        trace.Restore(create.Executor.Name!).ShouldBe("bob");
        trace.Trail(create).ShouldBe(
        [
            "statement SELECT bob.rotate_log() (alice) execution",
            "function bob.rotate_log() (bob) execution",
            "utility CREATE TABLE bob.log_2 (at timestamptz, line text) (bob) utility",
        ]);
        Ddl(create).ShouldBe(Verdict.Allow());
    }

    [Fact]
    public void Role_facts_described_while_a_function_runs_reach_its_later_statements_chains()
    {
        // Given: mallory's function runs two statements; between them mallory is described again, now a superuser
        var s = Begin(trusted: false);
        var select = s.Statement(0, 0, Alice, 1, "SELECT", "SELECT mallory.f_evil()");
        var call = s.Entered(select, 1, Alice, FEvil, location: 7);
        s.Utility(call, 2, Alice, QAlter, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");
        s.Role(Mallory, "mallory", superuser: true);
        s.Utility(call, 2, Alice, QAlter, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");

        var operations = Operations(s);

        // Then: the chains share the frames' entries but each shows the owners as of its own operation
        var (before, after) = (operations[2], operations[3]);
        before.Chain[1].Owner.Superuser.ShouldBeFalse();
        after.Chain[1].Owner.Superuser.ShouldBeTrue();
        after.Chain.Select(e => e.ObjectName).ShouldBe(before.Chain.Select(e => e.ObjectName));
        operations[1].Chain[1].Owner.Superuser.ShouldBeFalse();
    }

    [Fact]
    public void Set_session_authorization_changes_the_owner_of_later_roots()
    {
        var s = Begin(trusted: false);
        s.Switched(0, 0, Mallory, "SET SESSION AUTHORIZATION", Mallory, Mallory);
        s.Utility(0, 0, Mallory, 0, "CREATE TABLE", "CREATE TABLE public.t(n int)");

        var operations = Operations(s);

        operations[0].Trail().ShouldBe(["statement SET SESSION AUTHORIZATION (alice) utility"]);
        operations[0].SessionUser.Name.ShouldBe("mallory");
        operations[1].Trail().ShouldBe(["statement CREATE TABLE public.t(n int) (mallory) utility"]);
    }

    [Fact]
    public void Analyze_runs_the_index_expression_as_the_table_owner_under_a_maintenance_entry()
    {
        var trace = GoldenTrace.Of("expression-index-analyze-as-owner");
        var grant = trace.Last("GRANT");

        trace.Trail(grant).ShouldBe(
        [
            "statement ANALYZE bob.customers (alice) utility",
            "maintenance ANALYZE bob.customers (bob) maintenance",
            "index_expression index customers_email on bob.customers (bob) maintenance",
            "function mallory.normalize_email(text) (mallory) maintenance",
            "query SELECT mallory.f_grab() (mallory) execution",
            "function mallory.f_grab() (mallory) maintenance",
            "utility GRANT SELECT ON bob.payroll TO mallory (mallory) utility",
        ]);
        grant.Chain[1].Command.ShouldBe("ANALYZE");
        trace.Restore(grant.Executor.Name!).ShouldBe("bob");
        var verdict = Ddl(grant);
        verdict.CulpritIndex.ShouldBe(3);
        trace.Restore(ChainSentence.Format(grant, verdict.CulpritIndex)).ShouldStartWith(
            "Chain: statement entered by session user \"alice\" -> ANALYZE running as \"bob\" -> index expression of index customers_email "
            + "on bob.customers owned by \"bob\" -> function mallory.normalize_email(text) owned by \"mallory\" (culprit) -> ");
    }

    [Fact]
    public void A_security_definer_call_in_maintenance_runs_as_the_table_owner_not_as_its_definer()
    {
        // mallory's index calls alice's SECURITY DEFINER function, which runs DDL as alice during alice's ANALYZE.
        const uint aliceDefiner = 16407;
        var s = Begin(trusted: false);
        s.Function(aliceDefiner, "public", "audit", "integer", Alice, securityDefiner: true);
        s.Relation(TIdx, "mallory", "t_idx", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr, "t_idx_expr", [aliceDefiner], [])]));
        var analyze = s.Utility(0, 0, Alice, 0, "ANALYZE", "ANALYZE mallory.t_idx", targets: [TIdx]);
        var call = s.Entered(analyze, 1, Alice, aliceDefiner, phase: "maintenance", security: Restricted);
        s.Utility(call, 2, Alice, QAlter, "GRANT", "GRANT pg_read_server_files TO mallory");

        var grant = Last(s, "GRANT");

        grant.Trail().ShouldBe(
        [
            "statement ANALYZE mallory.t_idx (alice) utility",
            "maintenance ANALYZE mallory.t_idx (mallory) maintenance",
            "index_expression index t_idx_expr on mallory.t_idx (mallory) maintenance",
            "function public.audit(integer) (alice) maintenance",
            "utility GRANT pg_read_server_files TO mallory (alice) utility",
        ]);
        var verdict = Ddl(grant);
        verdict.CulpritIndex.ShouldBe(1);
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not run ANALYZE as \"alice\".");
    }

    [Fact]
    public void An_untrusted_maintenance_role_is_the_culprit_with_a_maintenance_hint()
    {
        var maintenance = new ChainEntry(
            ChainEntryKind.Maintenance, "VACUUM FULL mallory.t", new RoleFacts(Mallory, "mallory", false, true, true, false), 9,
            Command: "VACUUM", Phase: ChainPhase.Maintenance);
        var root = new ChainEntry(
            ChainEntryKind.Statement, "VACUUM FULL mallory.t", new RoleFacts(Alice, "alice", true, true, true, true), 8, Command: "VACUUM",
            Phase: ChainPhase.Utility);
        var operation = new Operation(
            Replays.SessionId, "db", 10, "ALTER ROLE", OperationKind.UtilityCommand, root.Owner, root.Owner, [root, maintenance], RoleCatalog.Empty);

        var verdict = Ddl(operation);

        verdict.CulpritIndex.ShouldBe(1);
        ChainSentence.Format(operation, verdict.CulpritIndex).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> VACUUM running as \"mallory\" (culprit) -> ALTER ROLE executed as \"alice\".");
        verdict.Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not run VACUUM as \"alice\".");
    }

    [Fact]
    public void Calls_nested_in_a_maintenance_call_get_no_second_maintenance_entry()
    {
        var trace = GoldenTrace.Of("expression-index-analyze-as-owner");

        trace.Trail(trace.Last("GRANT")).Count(l => l.StartsWith("maintenance ", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void An_autovacuum_session_has_a_maintenance_root_and_finds_the_index_it_names()
    {
        var trace = GoldenTrace.Of("expression-index-autovacuum");
        var grant = trace.Last("GRANT");

        trace.Trail(grant).Take(4).ShouldBe(
        [
            "maintenance autovacuum: ANALYZE bob.sessions (postgres) maintenance",
            "maintenance autovacuum: ANALYZE bob.sessions (bob) maintenance",
            "index_expression index sessions_day on bob.sessions (bob) maintenance",
            "function mallory.session_day(timestamp with time zone) (mallory) maintenance",
        ]);
        trace.Restore(ChainSentence.Format(grant)).ShouldStartWith(
            "Chain: autovacuum started by session user \"postgres\" -> autovacuum running as \"bob\" -> index expression of");
    }

    [Fact]
    public void An_autovacuum_activity_names_a_table_by_its_whole_name()
    {
        // mallory.t's default and mallory.t_idx's index both call f_idx; the activity names only mallory.t_idx.
        var s = new SessionScript();
        s.Started2("db", Alice, "autovacuum worker");
        s.Role(Alice, "postgres", true);
        s.Role(Mallory, "mallory");
        s.Function(FIdx, "mallory", "f_idx", "integer", Mallory);
        s.Relation(T, "mallory", "t", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr + 5, "t_other", [FIdx], [])]));
        s.Relation(TIdx, "mallory", "t_idx", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr, "t_idx_expr", [FIdx], [])]));
        var maintenance = s.MaintenanceStarted("autovacuum", "autovacuum: VACUUM ANALYZE mallory.t_idx", Alice);
        s.Entered(maintenance, 1, Mallory, FIdx, phase: "maintenance", security: Restricted);

        Operations(s)[^1].Trail()[2].ShouldBe("index_expression index t_idx_expr on mallory.t_idx (mallory) maintenance");
    }

    [Fact]
    public void An_autovacuum_activity_naming_no_described_table_considers_them_all()
    {
        var s = new SessionScript();
        s.Started2("db", Alice, "autovacuum worker");
        s.Role(Alice, "postgres", true);
        s.Role(Mallory, "mallory");
        s.Function(FIdx, "mallory", "f_idx", "integer", Mallory);
        s.Relation(T, "mallory", "t", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr + 5, "t_other", [FIdx], [])]));
        s.Relation(TIdx, "mallory", "t_idx", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr, "t_idx_expr", [FIdx], [])]));
        var maintenance = s.MaintenanceStarted("autovacuum", "autovacuum: VACUUM pg_toast.pg_toast_16420", Alice);
        s.Entered(maintenance, 1, Mallory, FIdx, phase: "maintenance", security: Restricted);

        Operations(s)[^1].Trail().Skip(2).Take(2).ShouldBe(
        [
            "index_expression index t_other on mallory.t (mallory, candidate) maintenance",
            "index_expression index t_idx_expr on mallory.t_idx (mallory, candidate) maintenance",
        ]);
    }

    [Fact]
    public void A_maintenance_call_with_no_frame_gets_a_root_named_after_the_process()
    {
        var s = new SessionScript();
        s.Started2("db", Alice, "autovacuum worker");
        s.Role(Alice, "postgres", true);
        s.Role(Mallory, "mallory");
        s.Function(FIdx, "mallory", "f_idx", "integer", Mallory);
        s.Relation(TIdx, "mallory", "t_idx", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr, "t_idx_expr", [FIdx], [])]));
        s.Entered(0, 0, Mallory, FIdx, phase: "maintenance", security: Restricted);

        Operations(s)[^1].Trail().ShouldBe(
        [
            "maintenance autovacuum worker (postgres) maintenance",
            "maintenance autovacuum worker (mallory) maintenance",
            "index_expression index t_idx_expr on mallory.t_idx (mallory) maintenance",
            "function mallory.f_idx(integer) (mallory) maintenance",
        ]);
    }

    [Fact]
    public void A_parallel_worker_names_its_leader_pid_without_a_resolver()
    {
        var trace = GoldenTrace.Of("parallel-worker-own-function");
        var (leader, worker) = LeaderAndWorker(trace);

        var call = ProvenanceBuilder.Build(worker.SessionId, trace.FramesOf[worker.SessionId]).Last();

        trace.Trail(call).ShouldBe(
        [
            $"statement SELECT count(*) FROM bob.readings WHERE bob.is_valid(v) (parallel worker of leader pid {leader.Pid}) (bob) execution",
            "function bob.is_valid(numeric) (bob) execution",
        ]);
    }

    [Fact]
    public void A_parallel_worker_names_its_leader_session_with_a_resolver()
    {
        var trace = GoldenTrace.Of("parallel-worker-own-function");
        var (leader, worker) = LeaderAndWorker(trace);
        (int Pid, long Start, ulong Server)? asked = null;

        var call = ProvenanceBuilder.Build(worker.SessionId, trace.FramesOf[worker.SessionId], (pid, start, server) =>
        {
            asked = (pid, start, server);
            return leader.SessionId;
        }).Last();

        asked.ShouldBe((leader.Pid, (worker.BackendStart - DateTimeOffset.UnixEpoch).Ticks / 10, worker.SystemIdentifier));
        worker.SystemIdentifier.ShouldNotBe(0UL, "the golden trace records its server");
        call.Chain[0].ObjectName.ShouldEndWith($"(parallel worker of session {leader.SessionId})");
        trace.Leaders(leader.Pid, asked!.Value.Start, asked.Value.Server).ShouldBe(leader.SessionId);
        trace.Leaders(leader.Pid, asked.Value.Start, asked.Value.Server + 1).ShouldBeNull("a backend of another server is not the leader");
    }

    [Fact]
    public void In_a_parallel_worker_a_single_stored_origin_is_still_only_a_candidate()
    {
        var s = new SessionScript();
        s.Started2("db", Alice, "background worker", leaderPid: 4242, workerType: "parallel worker");
        s.Role(Alice, "alice", true);
        s.Role(Mallory, "mallory");
        s.Function(FEvil, "mallory", "f_evil", "", Mallory);
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Analysis(QSelect, "SELECT", "SELECT * FROM mallory.v_bait", [new(VBait, -1, [FEvil])]);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT * FROM mallory.v_bait");
        s.Entered(select, 1, Alice, FEvil, phase: "execution");

        Operations(s)[^1].Trail()[1].ShouldBe("view mallory.v_bait (mallory, candidate) rewrite");
    }

    [Fact]
    public async Task The_engine_passes_the_resolver_to_every_session()
    {
        var trace = GoldenTrace.Of("parallel-worker-own-function");
        var (_, worker) = LeaderAndWorker(trace);
        var engine = new ReplayEngine(Replays.Classic, (_, _, _) => "4242-1");

        var report = await engine.ReplayAsync(
            [RecordedSession.FromFrames(worker.SessionId, trace.FramesOf[worker.SessionId])], TestContext.Current.CancellationToken);

        report.Operations[0].Operation.Chain[0].ObjectName.ShouldEndWith("(parallel worker of session 4242-1)");
    }

    private static (RecordedSessionSummary Leader, RecordedSessionSummary Worker) LeaderAndWorker(GoldenTrace trace) =>
        (trace.Sessions.Single(s => s.BackendType == "client backend"), trace.Sessions.Single(s => s.BackendType != "client backend"));
}
