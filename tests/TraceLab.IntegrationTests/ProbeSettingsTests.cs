using TraceLab.Events;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Probe 0.4's per-session settings on the shared cluster, set per role (<c>ALTER ROLE … SET</c>, so nothing
/// else changes): how much statement text is recorded, the PL/pgSQL statement behind nested statements, and the hook
/// mode that keeps SQL functions inlined.</summary>
public sealed class ProbeSettingsTests(TestCluster cluster) : IAsyncLifetime
{
    private ScenarioLab lab = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("bob");
        await lab.SetUpAsync("""
            SET ROLE {bob};
            CREATE TABLE {bob}.t_pl(i integer);
            CREATE FUNCTION {bob}.f_pl() RETURNS bigint LANGUAGE plpgsql AS $$
            DECLARE n bigint;
            BEGIN
                INSERT INTO {bob}.t_pl VALUES (1);
                EXECUTE 'SELECT count(*) FROM {bob}.t_pl' INTO n;
                PERFORM count(*) FROM {bob}.t_pl;
                RETURN (SELECT count(*) FROM {bob}.t_pl);
            END
            $$;
            CREATE FUNCTION {bob}.f_fold(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
            BEGIN RETURN i + 1; END
            $$;
            GRANT USAGE ON SCHEMA {bob} TO PUBLIC;
            """);
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    // The immutable function is folded while planning, so the plan is recorded too (a plan under which nothing
    // happens is not).
    public static TheoryData<string, string, string> CapturedTexts => new()
    {
        { "full", "SELECT 'secret-literal' AS s, {bob}.f_fold(42) AS n", "ALTER ROLE {carol} PASSWORD 'secret'" },
        { "normalized", "SELECT $1 AS s, {bob}.f_fold($2) AS n", "ALTER ROLE {carol} PASSWORD $1" },
        { "none", "", "" },
    };

    [Theory]
    [MemberData(nameof(CapturedTexts))]
    public async Task Capture_text_decides_how_much_of_each_statement_is_recorded(string capture, string select, string alter)
    {
        await lab.CreateRoleAsync("carol");
        await lab.SetUpAsync($"ALTER ROLE {{carol}} SET tracelab.capture_text = '{capture}'");

        var events = await lab.EventsAsync(await lab.RunSessionAsync("carol",
            "SELECT 'secret-literal' AS s, {bob}.f_fold(42) AS n", "ALTER ROLE {carol} PASSWORD 'secret'"));

        var statements = events.OfType<StatementStarted>().ToList();
        statements.Where(s => s.Frame.Depth == 0).Select(s => (s.CommandTag, s.Text))
            .ShouldBe([("SELECT", lab.Expand(select)), ("ALTER ROLE", lab.Expand(alter))]);
        events.OfType<QueryAnalyzed>().Where(q => q.Frame.Depth == 0).Select(q => q.Text)
            .ShouldBe([lab.Expand(select), lab.Expand(alter)]);
        events.OfType<PlanStarted>().Where(p => p.Frame.Depth == 0).ShouldHaveSingleItem().Text.ShouldBe(lab.Expand(select));
        if (capture != "full")
        {
            Texts(events).ShouldAllBe(t => !t.Contains("secret", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task With_plpgsql_statements_on_a_nested_statement_names_the_line_and_kind_of_the_plpgsql_statement_that_ran_it()
    {
        await lab.CreateRoleAsync("dave");
        await lab.SetUpAsync("ALTER ROLE {dave} SET tracelab.plpgsql_statements = on; GRANT ALL ON {bob}.t_pl TO {dave}");

        var events = await lab.EventsAsync(await lab.RunSessionAsync("dave", "SELECT {bob}.f_pl()"));

        var nested = events.OfType<StatementStarted>().Where(s => s.Frame.Depth > 0).ToList();
        nested.Select(s => (s.CommandTag, s.Plpgsql)).ShouldBe(
        [
            ("INSERT", new PlpgsqlStatement(4, "execsql")),
            ("SELECT", new PlpgsqlStatement(5, "dynexecute")),
            ("SELECT", new PlpgsqlStatement(6, "perform")),
            ("SELECT", new PlpgsqlStatement(7, "return")),
        ]);
        events.OfType<StatementStarted>().Single(s => s.Frame.Depth == 0).Plpgsql.ShouldBeNull("the client ran it");
    }

    [Fact]
    public async Task Plpgsql_statements_are_off_by_default()
    {
        (await lab.ScalarAsync<string>("SHOW tracelab.plpgsql_statements")).ShouldBe("off");

        var events = await lab.EventsAsync(await lab.RunSessionAsync("bob", "SELECT {bob}.f_pl()"));

        var statements = events.OfType<StatementStarted>().ToList();
        statements.Count(s => s.Frame.Depth > 0).ShouldBe(4);
        statements.ShouldAllBe(s => s.Plpgsql == null);
    }

    [Fact]
    public async Task Sessions_record_that_sql_functions_stay_inlined()
    {
        var events = await lab.EventsAsync(await lab.RunSessionAsync("bob", "SELECT 1"));

        var started = events.OfType<SessionStarted>().Single();
        (started.ProbeVersion, started.HookMode).ShouldBe(("0.7", "user-inlining"));
    }

    private static IEnumerable<string> Texts(List<IRecordedFrame> events) =>
        events.OfType<StatementStarted>().Select(s => s.Text)
            .Concat(events.OfType<QueryAnalyzed>().Select(q => q.Text))
            .Concat(events.OfType<PlanStarted>().Select(p => p.Text));
}
