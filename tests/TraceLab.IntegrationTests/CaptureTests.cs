using TraceLab.Events;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Issue 3's capture bullets on real sessions as real login roles: what the probe records and the chain the
/// replayer builds from it.</summary>
public sealed class CaptureTests(TestCluster cluster) : IAsyncLifetime
{
    private ScenarioLab lab = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice", superuser: true);
        await lab.CreateRoleAsync("mallory");
        await lab.CreateRoleAsync("bob");
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.f_idx(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN i; END $$;
            CREATE FUNCTION {mallory}.f_vol(i integer) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN i; END $$;
            RESET ROLE;
            """);
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task Analyze_evaluates_an_index_expression_as_the_table_owner_in_a_restricted_operation()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE TABLE {mallory}.t_idx(id integer); INSERT INTO {mallory}.t_idx SELECT generate_series(1, 10);
            CREATE INDEX t_idx_expr ON {mallory}.t_idx ({mallory}.f_idx(id));
            """);

        var session = await lab.RunSessionAsync("alice", "ANALYZE {mallory}.t_idx");

        var events = await lab.EventsAsync(session);
        var mallory = events.OfType<RoleDescribed>().Last(r => r.Name == lab.Role("mallory"));
        var calls = events.OfType<FunctionEntered>().ToList();
        calls.ShouldNotBeEmpty();
        calls.ShouldAllBe(c => c.Frame.CurrentUser == mallory.RoleOid && c.Phase == "maintenance"
            && c.Frame.SecurityContext.HasFlag(SecurityContext.RestrictedOperation));
        var analyze = events.OfType<StatementStarted>().Single(s => s.CommandTag == "ANALYZE");
        analyze.Targets.ShouldNotBeNull().ShouldContain(events.OfType<RelationDescribed>().Single(r => r.Name == "t_idx").RelationOid);

        var call = (await lab.ReplayJsonAsync(session)).First(o => o.Command() == "EXECUTE FUNCTION");
        var chain = call.Chain();
        chain.Select(e => e.Kind).ShouldBe(["statement", "maintenance", "index_expression", "function"]);
        chain[1].Owner.ShouldBe(lab.Role("mallory"));
        chain[^1].Phase.ShouldBe("maintenance");
        call.Executor().ShouldBe(lab.Role("mallory"));
    }

    [Fact]
    public async Task A_set_role_statement_is_one_operation_and_a_plain_set_stays_one()
    {
        await lab.SetUpAsync("GRANT {mallory} TO {bob}");

        var session = await lab.RunSessionAsync(
            "bob", "SET ROLE {mallory}", "SET search_path = public", "SELECT 1", "RESET ROLE");

        var operations = await lab.ReplayJsonAsync(session);
        operations.Select(o => o.Command()).ShouldBe(["SET ROLE", "SET", "SELECT", "RESET ROLE"]);
        operations[0].Executor().ShouldBe(lab.Role("bob"));
        operations[2].Executor().ShouldBe(lab.Role("mallory"));
        operations.Select(o => o.GetProperty("seq").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task A_trigger_fired_by_copy_from_is_attached_to_the_copy()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE TABLE {mallory}.t_copy(id integer); GRANT INSERT ON {mallory}.t_copy TO PUBLIC;
            CREATE FUNCTION {mallory}.f_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER trg_copy AFTER INSERT ON {mallory}.t_copy FOR EACH ROW EXECUTE FUNCTION {mallory}.f_trg();
            """);

        var session = await lab.RunSessionAsync("alice", "COPY {mallory}.t_copy FROM PROGRAM 'printf ''1\\n2\\n'''");

        var events = await lab.EventsAsync(session);
        var copy = events.OfType<StatementStarted>().Single(s => s.CommandTag == "COPY");
        copy.Copy.ShouldNotBeNull().IsFrom.ShouldBeTrue();
        copy.Copy.IsProgram.ShouldBeTrue();
        copy.Copy.Target.ShouldStartWith("printf");
        var triggers = events.OfType<FunctionEntered>().Where(f => f.Trigger is not null).ToList();
        triggers.Count.ShouldBe(2);
        triggers.ShouldAllBe(t => t.Frame.Parent == copy.Frame.Seq && t.Trigger!.Timing == "A" && t.Trigger.Level == "R");
        var chain = (await lab.ReplayJsonAsync(session)).First(o => o.Command() == "EXECUTE FUNCTION").Chain();
        chain.Select(e => e.Kind).ShouldBe(["statement", "trigger", "function"]);
        chain[1].Object.ShouldBe($"trg_copy on {lab.Role("mallory")}.t_copy");
    }

    [Fact]
    public async Task Plain_explain_records_the_code_the_planner_runs()
    {
        var session = await lab.RunSessionAsync("alice", "EXPLAIN SELECT {mallory}.f_idx(42)");

        var events = await lab.EventsAsync(session);
        var plan = events.OfType<PlanStarted>().Single();
        plan.Frame.Parent.ShouldBe(events.OfType<StatementStarted>().Single(s => s.CommandTag == "EXPLAIN").Frame.Seq);
        var call = events.OfType<FunctionEntered>().Single();
        call.Frame.Parent.ShouldBe(plan.Frame.Seq);
        call.Phase.ShouldBe("planning");
        events.OfType<StatementStarted>().ShouldNotContain(s => s.CommandTag == "SELECT", "EXPLAIN without ANALYZE runs nothing");
    }

    [Fact]
    public async Task A_statement_prepared_by_one_role_and_executed_by_another_keeps_its_preparer()
    {
        var session = await lab.RunSessionAsync("alice",
            "SET ROLE {mallory}", "PREPARE p_vol AS SELECT {mallory}.f_vol(1)", "RESET ROLE", "EXECUTE p_vol", "EXECUTE p_vol");

        var events = await lab.EventsAsync(session);
        var prepare = events.OfType<StatementStarted>().Single(s => s.CommandTag == "PREPARE");
        prepare.Prepared.ShouldNotBeNull().Name.ShouldBe("p_vol");
        var executes = events.OfType<StatementStarted>().Where(s => s.CommandTag == "EXECUTE").ToList();
        executes.Count.ShouldBe(2);
        executes.ShouldAllBe(e => e.Prepared!.Name == "p_vol" && e.Prepared.PrepareSeq == prepare.Frame.Seq);
        var switches = events.OfType<RoleSwitched>().Select(r => r.Command).ToList();
        switches.ShouldBe(["SET ROLE", "RESET ROLE"]);

        var calls = (await lab.ReplayJsonAsync(session)).Where(o => o.Command() == "EXECUTE FUNCTION").ToList();
        calls.Count.ShouldBe(2);
        foreach (var call in calls)
        {
            call.Executor().ShouldBe(lab.Role("alice"));
            var prepared = call.Chain().Single(e => e.Kind == "prepared_statement");
            prepared.Owner.ShouldBe(lab.Role("mallory"));
        }
    }

    [Fact]
    public async Task A_plpgsql_cached_plan_keeps_the_views_of_its_first_analysis()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE VIEW {mallory}.v_calls AS SELECT {mallory}.f_vol(1) AS x;
            GRANT SELECT ON {mallory}.v_calls TO PUBLIC;
            SET ROLE {bob};
            CREATE FUNCTION {bob}.read_view() RETURNS integer LANGUAGE plpgsql AS $$
            DECLARE r integer; BEGIN SELECT x INTO r FROM {mallory}.v_calls; RETURN r; END $$;
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT {bob}.read_view()", "SELECT {bob}.read_view()");

        var events = await lab.EventsAsync(session);
        events.OfType<QueryAnalyzed>().Count(q => q.Views.Count > 0).ShouldBe(1, "the second call reuses the cached plan");
        var calls = (await lab.ReplayJsonAsync(session)).Where(o => o.Command() == "EXECUTE FUNCTION"
            && o.Chain()[^1].Object.Contains("f_vol", StringComparison.Ordinal)).ToList();
        calls.Count.ShouldBe(2);
        calls.ShouldAllBe(c => c.Chain().Any(e => e.Kind == "view" && e.Object == lab.Role("mallory") + ".v_calls"));
    }

    [Fact]
    public async Task A_foreign_key_cascade_runs_as_the_referencing_tables_owner()
    {
        await lab.SetUpAsync("""
            SET ROLE {alice};
            CREATE TABLE {alice}.parent(id integer PRIMARY KEY); INSERT INTO {alice}.parent VALUES (1);
            GRANT REFERENCES ON {alice}.parent TO {mallory};
            SET ROLE {mallory};
            CREATE TABLE {mallory}.child(id integer REFERENCES {alice}.parent ON DELETE CASCADE);
            INSERT INTO {mallory}.child VALUES (1);
            CREATE FUNCTION {mallory}.f_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$;
            CREATE TRIGGER trg_child BEFORE DELETE ON {mallory}.child FOR EACH ROW EXECUTE FUNCTION {mallory}.f_trg();
            """);

        var session = await lab.RunSessionAsync("alice", "DELETE FROM {alice}.parent WHERE id = 1");

        var events = await lab.EventsAsync(session);
        events.OfType<StatementStarted>().ShouldContain(s => s.Origin == "foreign_key");
        var call = (await lab.ReplayJsonAsync(session)).Single(o => o.Command() == "EXECUTE FUNCTION");
        call.Executor().ShouldBe(lab.Role("mallory"));
        call.Chain().Select(e => e.Kind).ShouldBe(["statement", "foreign_key", "query", "trigger", "function"]);
    }

    [Fact]
    public async Task A_procedure_commits_inside_its_call_and_a_do_block_runs_its_statements()
    {
        await lab.SetUpAsync("""
            SET ROLE {bob};
            CREATE TABLE {bob}.log(i integer);
            CREATE PROCEDURE {bob}.batch() LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO {bob}.log VALUES (1); COMMIT; INSERT INTO {bob}.log VALUES (2); ROLLBACK; END $$;
            """);

        var session = await lab.RunSessionAsync("bob", "CALL {bob}.batch()", "DO $$ BEGIN PERFORM 1; END $$");

        var events = await lab.EventsAsync(session);
        var call = events.OfType<StatementStarted>().Single(s => s.CommandTag == "CALL");
        var procedure = events.OfType<FunctionEntered>().Single();
        procedure.Frame.Parent.ShouldBe(call.Frame.Seq);
        events.OfType<TransactionEnded>().Where(t => t.Frame.Depth > 0).Select(t => t.Outcome)
            .ShouldBe([TransactionOutcome.Committed, TransactionOutcome.Aborted]);
        events.OfType<FunctionExited>().Single().Outcome.ShouldBe(FrameOutcome.Succeeded);
        var doBlock = events.OfType<StatementStarted>().Single(s => s.CommandTag == "DO");
        events.OfType<StatementStarted>().ShouldContain(s => s.Frame.Parent == doBlock.Frame.Seq);
    }

    [Fact]
    public async Task Role_switches_are_recorded_with_the_users_after_them()
    {
        var session = await lab.RunSessionAsync("alice",
            "SET ROLE {bob}", "RESET ROLE", "SET SESSION AUTHORIZATION {bob}", "RESET SESSION AUTHORIZATION");

        var events = await lab.EventsAsync(session);
        var bob = events.OfType<RoleDescribed>().First(r => r.Name == lab.Role("bob")).RoleOid;
        var alice = events.OfType<RoleDescribed>().First(r => r.Name == lab.Role("alice")).RoleOid;
        events.OfType<RoleSwitched>().Select(r => (r.Command, r.SessionUserOid, r.OuterUserOid)).ShouldBe([
            ("SET ROLE", alice, bob),
            ("RESET ROLE", alice, alice),
            ("SET SESSION AUTHORIZATION", bob, bob),
            ("RESET SESSION AUTHORIZATION", alice, alice),
        ]);
    }

    [Fact]
    public async Task The_effects_of_alter_role_and_grant_are_recorded()
    {
        var session = await lab.RunSessionAsync("alice", "ALTER ROLE {bob} CREATEDB", "GRANT USAGE ON SCHEMA {alice} TO {bob}");

        var events = await lab.EventsAsync(session);
        events.OfType<ObjectChanged>().ShouldContain(c => c.Access == "alter" && c.ClassId == 1260 && c.Identity == lab.Role("bob"));
        var grant = events.OfType<PrivilegesChanged>().Single();
        (grant.IsGrant, grant.ObjectType, grant.GrantOption).ShouldBe((true, "SCHEMA", false));
        grant.Objects.ShouldBe([lab.Role("alice")]);
        grant.Privileges.ShouldBe(["usage"]);
        grant.Grantees.ShouldBe([lab.Role("bob")]);
        grant.Frame.Parent.ShouldBe(events.OfType<StatementStarted>().Single(s => s.CommandTag == "GRANT").Frame.Seq);
    }

    [Fact]
    public async Task A_created_object_names_the_schema_it_is_created_in()
    {
        var session = await lab.RunSessionAsync("alice",
            "CREATE TABLE {alice}.ledger (id integer PRIMARY KEY)", "CREATE FUNCTION {alice}.one() RETURNS integer LANGUAGE sql AS 'SELECT 1'");

        var events = await lab.EventsAsync(session);
        var schema = await lab.ScalarAsync<uint>("SELECT '{alice}'::regnamespace::oid");
        var table = await lab.ScalarAsync<uint>("SELECT '{alice}.ledger'::regclass::oid");
        var function = await lab.ScalarAsync<uint>("SELECT '{alice}.one()'::regprocedure::oid");
        var creates = events.OfType<ObjectChanged>().Where(c => c.Access == "create").ToList();
        creates.ShouldContain(c => c.ClassId == 1259 && c.ObjectOid == table && c.SubId == 0 && c.NamespaceOid == schema);
        creates.ShouldContain(c => c.ClassId == 1255 && c.ObjectOid == function && c.NamespaceOid == schema);
        creates.Where(c => c.SubId != 0).ShouldAllBe(c => c.NamespaceOid == 0);
    }

    [Fact]
    public async Task An_error_caught_by_an_exception_block_rolls_back_its_subtransaction()
    {
        await lab.SetUpAsync("""
            SET ROLE {bob};
            CREATE FUNCTION {bob}.careful() RETURNS integer LANGUAGE plpgsql AS $$
            BEGIN
                BEGIN PERFORM 1 / 0; EXCEPTION WHEN division_by_zero THEN RETURN -1; END;
                RETURN 0;
            END $$;
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT {bob}.careful()", "BEGIN", "SAVEPOINT s1", "SELECT 1", "RELEASE SAVEPOINT s1",
            "SAVEPOINT s2", "ROLLBACK TO SAVEPOINT s2", "COMMIT");

        var events = await lab.EventsAsync(session);
        var started = events.OfType<SubtransactionStarted>().ToList();
        var ended = events.OfType<SubtransactionEnded>().ToList();
        // The EXCEPTION block's subtransaction, s1, s2, and the s2 that ROLLBACK TO starts afresh (COMMIT releases it).
        started.Count.ShouldBe(4);
        ended.Select(e => e.Outcome).ShouldBe(
            [TransactionOutcome.Aborted, TransactionOutcome.Committed, TransactionOutcome.Aborted, TransactionOutcome.Committed]);
        ended.Select(e => e.SubtransactionId).ShouldBe(started.Select(s => s.SubtransactionId));
    }

    [Fact]
    public async Task Row_security_policies_applied_to_a_plan_are_named()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE TABLE {mallory}.t_rls(id integer); INSERT INTO {mallory}.t_rls VALUES (1), (2);
            ALTER TABLE {mallory}.t_rls ENABLE ROW LEVEL SECURITY;
            CREATE POLICY p_pos ON {mallory}.t_rls FOR SELECT USING ({mallory}.f_vol(id) > 1);
            CREATE POLICY p_never ON {mallory}.t_rls FOR DELETE USING (false);
            GRANT SELECT ON {mallory}.t_rls TO PUBLIC;
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT * FROM {mallory}.t_rls");

        var events = await lab.EventsAsync(session);
        var table = events.OfType<RelationDescribed>().Single(r => r.Name == "t_rls");
        table.RowSecurity.ShouldBeTrue();
        var policies = table.Code.ShouldNotBeNull().Policies;
        policies.Select(p => p.Name).ShouldBe(["p_never", "p_pos"], ignoreOrder: true);
        var pPos = policies.Single(p => p.Name == "p_pos");
        pPos.Command.ShouldBe("SELECT");
        var applied = events.OfType<PlanFinished>().SelectMany(p => p.RowSecurity).Single(r => r.RelationOid == table.RelationOid);
        applied.PolicyOids.ShouldBe([pPos.PolicyOid]);
        var calls = (await lab.ReplayJsonAsync(session)).Where(o => o.Command() == "EXECUTE FUNCTION").ToList();
        calls.Count.ShouldBe(2);
        calls.ShouldAllBe(c => c.Chain()[1].Kind == "policy" && c.Chain()[1].Object.Contains("p_pos", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stored_code_of_a_table_is_described_once_with_its_defaults_checks_and_indexes()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE DOMAIN {mallory}.small AS integer CHECK ({mallory}.f_idx(VALUE) < 100);
            CREATE TABLE {mallory}.t_code(
                id integer DEFAULT {mallory}.f_vol(1) CHECK ({mallory}.f_idx(id) > 0),
                g integer GENERATED ALWAYS AS ({mallory}.f_idx(id)) STORED,
                s {mallory}.small);
            CREATE INDEX t_code_expr ON {mallory}.t_code ({mallory}.f_idx(id)) WHERE {mallory}.f_idx(id) > 0;
            CREATE RULE r_log AS ON UPDATE TO {mallory}.t_code DO ALSO SELECT {mallory}.f_vol(2);
            GRANT INSERT, UPDATE ON {mallory}.t_code TO PUBLIC;
            """);

        var session = await lab.RunSessionAsync("bob", "INSERT INTO {mallory}.t_code(id, s) VALUES (1, 2)", "INSERT INTO {mallory}.t_code(id) VALUES (3)");

        var events = await lab.EventsAsync(session);
        var described = events.OfType<RelationDescribed>().Where(r => r.Name == "t_code").ToList();
        described.Count.ShouldBe(1);
        var code = described[0].Code.ShouldNotBeNull();
        code.Defaults.Select(d => (d.Column, d.Generated)).ShouldBe([("id", false), ("g", true)], ignoreOrder: true);
        code.Checks.ShouldHaveSingleItem();
        code.Indexes.Single().Name.ShouldBe("t_code_expr");
        code.Indexes[0].PredicateFunctionOids.ShouldNotBeEmpty();
        code.Rules.Single().Name.ShouldBe("r_log");
        code.Domains.ShouldHaveSingleItem();
        events.OfType<TypeDescribed>().Single(t => t.Name == "small").Checks.ShouldHaveSingleItem();
        var analyzed = events.OfType<QueryAnalyzed>().First();
        analyzed.Relations.ShouldNotBeNull().ShouldContain(r => r.RelationOid == described[0].RelationOid && r.Target);
    }

    [Fact]
    public async Task A_selectivity_estimator_runs_while_planning_and_is_tied_to_the_plan()
    {
        // An operator whose restriction estimator is a user function (internal language: only a superuser may create it).
        // The operator's function is PL/pgSQL: a SQL function would be inlined, and the planner estimates the inlined
        // `a = b` with the built-in operator's estimator, never calling this one.
        await lab.SetUpAsync("""
            CREATE FUNCTION {alice}.estimate(internal, oid, internal, integer) RETURNS double precision
                LANGUAGE internal STABLE AS 'eqsel';
            SET ROLE {mallory};
            CREATE TABLE {mallory}.t_est(id integer); GRANT SELECT ON {mallory}.t_est TO PUBLIC;
            CREATE FUNCTION {mallory}.same(a integer, b integer) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS
                $$ BEGIN RETURN a = b; END $$;
            RESET ROLE;
            CREATE OPERATOR {mallory}.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = {mallory}.same,
                RESTRICT = {alice}.estimate);
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT * FROM {mallory}.t_est WHERE id OPERATOR({mallory}.===) 1");

        var events = await lab.EventsAsync(session);
        var estimator = events.OfType<FunctionDescribed>().Single(f => f.Name == "estimate");
        estimator.Role.ShouldBe("estimator");
        var call = events.OfType<FunctionEntered>().Single(f => f.FunctionOid == estimator.FunctionOid);
        call.Phase.ShouldBe("planning");
        call.Frame.Parent.ShouldBe(events.OfType<PlanStarted>().Single().Frame.Seq);
    }

    [Fact]
    public async Task A_named_protocol_statement_prepared_under_another_role_keeps_its_preparer_across_cached_executions()
    {
        var id = await lab.RunSessionAsync("alice", async login =>
        {
            await using (var set = new Npgsql.NpgsqlCommand(lab.Expand("SET ROLE {mallory}"), login))
            {
                await set.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            await using var prepared = new Npgsql.NpgsqlCommand(lab.Expand("SELECT {mallory}.f_vol(7)"), login);
            await prepared.PrepareAsync(TestContext.Current.CancellationToken);
            await using (var reset = new Npgsql.NpgsqlCommand("RESET ROLE", login))
            {
                await reset.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            for (var i = 0; i < 3; i++)
            {
                await prepared.ExecuteScalarAsync(TestContext.Current.CancellationToken);
            }
        });

        var events = await lab.EventsAsync(id);
        var runs = events.OfType<StatementStarted>().Where(s => s.Text.Contains("f_vol(7)", StringComparison.Ordinal)).ToList();
        runs.Count.ShouldBe(3);
        runs.ShouldAllBe(r => r.Prepared != null && r.Prepared.Name.Length > 0 && r.Portal != null);
        runs[^1].Portal!.CachedPlan.ShouldBeTrue();
        var calls = (await lab.ReplayJsonAsync(id)).Where(o => o.Command() == "EXECUTE FUNCTION").ToList();
        calls.Count.ShouldBe(3);
        calls.ShouldAllBe(c => c.Executor() == lab.Role("alice")
            && c.Chain().Any(e => e.Kind == "prepared_statement" && e.Owner == lab.Role("mallory")));
    }

    [Fact]
    public async Task A_function_that_two_stored_definitions_call_is_attributed_to_both_as_candidates()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE VIEW {mallory}.v_src AS SELECT {mallory}.f_vol(1) AS id;
            CREATE TABLE {mallory}.t_dst(id integer, c integer DEFAULT {mallory}.f_vol(2));
            GRANT SELECT ON {mallory}.v_src TO PUBLIC; GRANT INSERT ON {mallory}.t_dst TO PUBLIC;
            """);

        var session = await lab.RunSessionAsync("bob", "INSERT INTO {mallory}.t_dst(id) SELECT id FROM {mallory}.v_src");

        var calls = (await lab.ReplayJsonAsync(session)).Where(o => o.Command() == "EXECUTE FUNCTION").ToList();
        calls.Count.ShouldBe(2);
        foreach (var call in calls)
        {
            var candidates = call.GetProperty("chain").EnumerateArray()
                .Where(e => e.TryGetProperty("candidate", out var c) && c.GetBoolean())
                .Select(e => e.GetProperty("kind").GetString()).ToList();
            candidates.ShouldBe(["view", "default"], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task Refresh_materialized_view_and_create_index_run_code_as_the_owner()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE TABLE {mallory}.t_mv(id integer); INSERT INTO {mallory}.t_mv VALUES (1), (2);
            CREATE MATERIALIZED VIEW {mallory}.mv AS SELECT {mallory}.f_vol(id) AS x FROM {mallory}.t_mv;
            """);

        var session = await lab.RunSessionAsync("alice",
            "REFRESH MATERIALIZED VIEW {mallory}.mv", "CREATE INDEX t_mv_expr ON {mallory}.t_mv ({mallory}.f_idx(id))");

        var events = await lab.EventsAsync(session);
        var mallory = events.OfType<RoleDescribed>().Last(r => r.Name == lab.Role("mallory")).RoleOid;
        var calls = events.OfType<FunctionEntered>().ToList();
        calls.Count.ShouldBe(4);
        calls.ShouldAllBe(c => c.Frame.CurrentUser == mallory && c.Phase == "maintenance");
        var operations = await lab.ReplayJsonAsync(session);
        operations.Where(o => o.Command() == "EXECUTE FUNCTION")
            .ShouldAllBe(o => o.Executor() == lab.Role("mallory") && o.Chain().Any(e => e.Kind == "maintenance"));
    }

    [Fact]
    public async Task Memberships_and_per_function_settings_are_role_and_function_facts()
    {
        await lab.CreateRoleAsync("team");
        await lab.SetUpAsync("""
            GRANT {team} TO {bob};
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.f_conf() RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog
                AS 'SELECT 1';
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT {mallory}.f_conf()");

        var events = await lab.EventsAsync(session);
        var team = events.OfType<RoleDescribed>().Single(r => r.Name == lab.Role("team"));
        events.OfType<RoleDescribed>().Single(r => r.Name == lab.Role("bob")).MemberOf.ShouldNotBeNull()
            .ShouldContain(m => m.RoleOid == team.RoleOid);
        var function = events.OfType<FunctionDescribed>().Single(f => f.Name == "f_conf");
        function.SecurityDefiner.ShouldBeTrue();
        function.Config.ShouldNotBeNull().ShouldContain("search_path=pg_catalog");
    }
}
