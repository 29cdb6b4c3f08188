using Npgsql;
using TraceLab.Events;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>SQL functions PostgreSQL inlines while the probe records (probe 0.4): the plan is PostgreSQL's own, the
/// inlined call is a planning-phase function operation marked inlined, and code its body brings stays behind it in the
/// chain.</summary>
public sealed class InlinedCallTests(TestCluster cluster) : IAsyncLifetime
{
    private ScenarioLab lab = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice", superuser: true);
        await lab.CreateRoleAsync("mallory");
        // f_sql and wrap are inlinable: LANGUAGE sql, one SELECT of an expression, not SECURITY DEFINER, no SET.
        await lab.SetUpAsync("""
            SET ROLE {alice};
            CREATE FUNCTION {alice}.make_table() RETURNS integer LANGUAGE plpgsql AS $$
            BEGIN CREATE TABLE IF NOT EXISTS {alice}.made_by_wrap(i integer); RETURN 1; END $$;
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.f_sql(i integer) RETURNS integer LANGUAGE sql AS 'SELECT i + 1';
            CREATE FUNCTION {mallory}.wrap() RETURNS integer LANGUAGE sql AS 'SELECT {alice}.make_table()';
            """);
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task An_inlined_function_is_a_planning_call_owned_by_its_owner_and_blocked_by_the_strict_rule()
    {
        var session = await lab.RunSessionAsync("alice", "SELECT {mallory}.f_sql(1)");

        var events = await lab.EventsAsync(session);
        events.OfType<SessionStarted>().Single().HookMode.ShouldBe("user-inlining");
        var fSql = events.OfType<FunctionDescribed>().First(f => f.Name == "f_sql").FunctionOid;
        var calls = events.OfType<FunctionEntered>().Where(f => f.FunctionOid == fSql).ToList();
        calls.ShouldHaveSingleItem().Inlined.ShouldNotBeNull().ShouldBeEmpty();
        calls[0].Phase.ShouldBe("planning");
        calls[0].Frame.Parent.ShouldBe(events.OfType<PlanStarted>().Single().Frame.Seq);

        var call = (await lab.ReplayJsonAsync(session)).Single(o => o.Command() == "EXECUTE FUNCTION");
        var entry = call.Chain()[^1];
        entry.ShouldBe(new ChainLink("function", $"{lab.Role("mallory")}.f_sql(integer)", lab.Role("mallory"), "planning", Inlined: true));
        call.Executor().ShouldBe(lab.Role("alice"));
        call.Decision("strict-trusted-chain").ShouldBe("blocked");
        call.Decision("permissive").ShouldBe("allowed");
    }

    [Fact]
    public async Task Ddl_run_from_an_inlined_body_has_the_inlined_function_in_its_chain_and_is_blocked()
    {
        var plan = new List<string>();
        var session = await lab.RunSessionAsync("alice", async login =>
        {
            await using (var explain = new NpgsqlCommand(lab.Expand("EXPLAIN VERBOSE SELECT {mallory}.wrap()"), login))
            await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            {
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    plan.Add(reader.GetString(0));
                }
            }

            await using var select = new NpgsqlCommand(lab.Expand("SELECT {mallory}.wrap()"), login);
            await select.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        });

        // PostgreSQL inlined wrap while the probe recorded: the plan calls make_table itself (unqualified: alice's schema
        // is on her search path).
        var output = string.Join("\n", plan);
        output.ShouldContain("Output: make_table()");
        output.ShouldNotContain("wrap()");

        var create = (await lab.ReplayJsonAsync(session)).Single(o => o.Command() == "CREATE TABLE");
        create.Chain().Select(e => e.Kind).ShouldBe(["statement", "function", "function", "utility"]);
        create.Chain()[1].ShouldBe(new ChainLink("function", $"{lab.Role("mallory")}.wrap()", lab.Role("mallory"), "planning", Inlined: true));
        create.Chain()[2].Object.ShouldBe($"{lab.Role("alice")}.make_table()");
        create.Chain()[2].Inlined.ShouldBeFalse();
        create.Executor().ShouldBe(lab.Role("alice"));
        create.Decision("ddl-needs-trusted-chain").ShouldBe("blocked", "mallory's wrap put alice's DDL into the statement");
        create.Message("ddl-needs-trusted-chain").ShouldBe(
            $"user \"{lab.Role("mallory")}\" may not induce user \"{lab.Role("alice")}\" to execute \"CREATE TABLE\"");
    }

    [Fact]
    public async Task A_plan_that_never_runs_still_shows_what_it_inlined()
    {
        var session = await lab.RunSessionAsync("alice", "EXPLAIN SELECT {mallory}.wrap()");

        var operations = await lab.ReplayJsonAsync(session);
        operations.ShouldNotContain(o => o.Command() == "CREATE TABLE");
        var call = operations.Single(o => o.Command() == "EXECUTE FUNCTION");
        call.Chain().Select(e => e.Kind).ShouldBe(["statement", "function"]);
        call.Chain()[0].Object.ShouldBe($"EXPLAIN SELECT {lab.Role("mallory")}.wrap()");
        call.Chain()[1].ShouldBe(new ChainLink("function", $"{lab.Role("mallory")}.wrap()", lab.Role("mallory"), "planning", Inlined: true));
        call.Decision("strict-trusted-chain").ShouldBe("blocked");
    }
}
