using TraceLab.Events;
using TraceLab.IntegrationTests.Support;
using TraceLab.Policies.Model;
using TraceLab.Replayer;
using TraceLab.Reports;

namespace TraceLab.IntegrationTests;

/// <summary>Real sessions as real login roles, recorded by the probe, ingested and replayed: the chain of each
/// operation and the two built-in policies' verdicts.</summary>
public sealed class RecordedChainTests(TestCluster cluster) : IAsyncLifetime
{
    private ScenarioLab lab = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice", superuser: true);
        await lab.CreateRoleAsync("mallory");
        await lab.CreateRoleAsync("bob");
        await lab.CreateRoleAsync("admin", superuser: true);
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task A_function_typed_in_the_statement_is_called_directly_from_it()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.f_grant() RETURNS int LANGUAGE plpgsql AS $$
            BEGIN EXECUTE 'GRANT ALL ON SCHEMA {mallory} TO PUBLIC'; RETURN 1; END $$;
            """);

        var session = await lab.RunSessionAsync("alice", "SELECT {mallory}.f_grant()");

        var grant = (await lab.ReplayAsync(session)).Single(o => o.Operation.Command == "GRANT");
        Kinds(grant).ShouldBe(["statement", "function", "utility"]);
        grant.Operation.Executor.Name.ShouldBe(lab.Role("alice"));
        Decision(grant, "ddl-needs-trusted-chain").ShouldBe(Policies.Model.Decision.Blocked);
        Decision(grant, "permissive").ShouldBe(Policies.Model.Decision.Allowed);
    }

    [Fact]
    public async Task A_security_definer_function_runs_its_ddl_as_its_owner_who_trusts_itself()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.f_definer() RETURNS int LANGUAGE plpgsql SECURITY DEFINER AS $$
            BEGIN EXECUTE 'CREATE TABLE IF NOT EXISTS {mallory}.made_by_definer(i int)'; RETURN 1; END $$;
            """);

        var session = await lab.RunSessionAsync("alice", "SELECT {mallory}.f_definer()");
        var events = await lab.EventsAsync(session);

        var mallory = events.OfType<RoleDescribed>().Single(r => r.Name == lab.Role("mallory"));
        var call = events.OfType<FunctionEntered>().Single();
        call.Frame.CurrentUser.ShouldBe(mallory.RoleOid);
        call.Frame.SecurityContext.HasFlag(SecurityContext.LocalUserIdChange).ShouldBeTrue();
        var create = (await lab.ReplayAsync(session)).Single(o => o.Operation.Command == "CREATE TABLE");
        create.Operation.Executor.Name.ShouldBe(lab.Role("mallory"));
        Decision(create, "ddl-needs-trusted-chain").ShouldBe(Policies.Model.Decision.Allowed);
    }

    [Fact]
    public async Task A_superusers_function_may_run_ddl_for_any_caller()
    {
        await lab.SetUpAsync("""
            SET ROLE {admin};
            CREATE FUNCTION {admin}.f_maintain() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN EXECUTE 'CREATE TABLE IF NOT EXISTS {admin}.maintained(i int)'; END $$;
            RESET ROLE;
            """);

        var session = await lab.RunSessionAsync("alice", "SELECT {admin}.f_maintain()");

        var create = (await lab.ReplayAsync(session)).Single(o => o.Operation.Command == "CREATE TABLE");
        Decision(create, "ddl-needs-trusted-chain").ShouldBe(Policies.Model.Decision.Allowed);
    }

    [Fact]
    public async Task Nested_queries_inside_functions_are_operations_under_the_function()
    {
        await lab.SetUpAsync("""
            SET ROLE {bob};
            CREATE TABLE {bob}.t(i int);
            CREATE FUNCTION {bob}.count_rows() RETURNS bigint LANGUAGE plpgsql AS $$
            DECLARE n bigint; BEGIN SELECT count(*) INTO n FROM {bob}.t; RETURN n; END $$;
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT {bob}.count_rows()");

        var operations = await lab.ReplayAsync(session);
        var nested = operations.Single(o => o.Operation.Chain.Count == 3 && o.Operation.Command == "SELECT");
        Kinds(nested).ShouldBe(["statement", "function", "query"]);
        nested.Operation.Chain[^1].ObjectName.ShouldContain($"FROM {lab.Role("bob")}.t");
    }

    [Fact]
    public async Task Each_statement_of_a_multi_statement_query_has_its_own_text()
    {
        var session = await lab.RunSessionAsync("bob", "SELECT 1; SELECT 2");

        var texts = (await lab.EventsAsync(session)).OfType<StatementStarted>().Select(s => s.Text).ToList();
        texts.ShouldBe(["SELECT 1", "SELECT 2"]);
    }

    [Fact]
    public async Task A_failing_function_is_recorded_with_its_sqlstate_and_later_frames_stay_at_the_right_depth()
    {
        await lab.SetUpAsync("""
            SET ROLE {bob};
            CREATE FUNCTION {bob}.divide(i int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 / i; END $$;
            CREATE FUNCTION {bob}.safe() RETURNS int LANGUAGE plpgsql AS $$
            BEGIN RETURN {bob}.divide(0); EXCEPTION WHEN division_by_zero THEN RETURN -1; END $$;
            """);

        var session = await lab.RunSessionAsync("bob", "SELECT {bob}.divide(0)", "SELECT {bob}.safe()", "SELECT 42");

        var events = await lab.EventsAsync(session);
        var exits = events.OfType<FunctionExited>().ToList();
        exits.Where(e => e.Outcome == FrameOutcome.Failed).Select(e => e.SqlState).ShouldBe(["22012", "22012"]);
        var statements = events.OfType<StatementStarted>().Where(s => s.Frame.Depth == 0).Select(s => s.Text).ToList();
        statements.ShouldBe([$"SELECT {lab.Role("bob")}.divide(0)", $"SELECT {lab.Role("bob")}.safe()", "SELECT 42"]);
        events.OfType<StatementFinished>().First().Outcome.ShouldBe(FrameOutcome.Failed);
        events.OfType<TransactionEnded>().Select(t => t.Outcome).ShouldBe(
            [TransactionOutcome.Aborted, TransactionOutcome.Committed, TransactionOutcome.Committed]);
    }

    [Fact]
    public async Task A_role_with_recording_switched_off_leaves_no_session()
    {
        await lab.SetUpAsync("ALTER ROLE {bob} IN DATABASE " + lab.Database + " SET tracelab.enabled = off");

        var session = await lab.RunSessionAsync("bob", "SELECT 1");

        File.Exists(Path.Combine(cluster.SpoolDirectory, session + ".tlspool")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_role_made_superuser_during_the_session_is_described_again()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.whoami() RETURNS text LANGUAGE sql AS 'SELECT current_user::text';
            """);

        var session = await lab.RunSessionAsync("alice",
            "SELECT {mallory}.whoami()", "ALTER ROLE {mallory} SUPERUSER", "SELECT {mallory}.whoami()");

        var descriptions = (await lab.EventsAsync(session)).OfType<RoleDescribed>().Where(r => r.Name == lab.Role("mallory")).ToList();
        descriptions.Select(d => d.Superuser).ShouldBe([false, true]);
    }

    private static string[] Kinds(ReplayedOperation operation) =>
        [.. operation.Operation.Chain.Select(e => ReportNames.Of(e.Kind))];

    private static Policies.Model.Decision Decision(ReplayedOperation operation, string policy) =>
        operation.Verdicts.Single(v => v.Policy == policy).Verdict.Decision;
}
