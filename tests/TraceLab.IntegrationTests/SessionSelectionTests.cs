using TraceLab.Events;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Spool;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab.roles</c> and <c>tracelab.databases</c> choose the sessions that record, on a private cluster
/// (they are server-wide: set with ALTER SYSTEM and a reload). A role is selected with its members; autovacuum
/// workers, which act for table owners, follow the database list only.</summary>
public sealed class SessionSelectionTests : IAsyncLifetime
{
    private PrivateCluster cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        cluster = await PrivateCluster.StartAsync("select",
            new Dictionary<string, string> { ["autovacuum"] = "on", ["autovacuum_naptime"] = "1" });
        await cluster.ExecuteAsync("CREATE DATABASE db_a");
        await cluster.ExecuteAsync("CREATE DATABASE db_b");
        await cluster.ExecuteAsync("""
            CREATE ROLE auditors;
            CREATE ROLE r_listed LOGIN;
            CREATE ROLE r_member LOGIN IN ROLE auditors;
            CREATE ROLE r_other LOGIN;
            """);
    }

    public ValueTask DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task The_role_list_records_the_listed_roles_and_their_members_only()
    {
        await SelectAsync(roles: "r_listed, auditors", databases: null);

        var listed = await cluster.RunSessionAsync("r_listed", "db_a", "SELECT 1");
        var member = await cluster.RunSessionAsync("r_member", "db_a", "SELECT 1");
        var other = await cluster.RunSessionAsync("r_other", "db_a", "SELECT 1");

        Recorded(listed).ShouldBeTrue();
        Recorded(member).ShouldBeTrue("a member of a listed role is selected");
        Recorded(other).ShouldBeFalse();
    }

    [Fact]
    public async Task The_database_list_records_sessions_of_the_listed_databases_only()
    {
        await SelectAsync(roles: null, databases: "db_a");

        var inA = await cluster.RunSessionAsync("r_other", "db_a", "SELECT 1");
        var inB = await cluster.RunSessionAsync("r_other", "db_b", "SELECT 1");

        Recorded(inA).ShouldBeTrue();
        Recorded(inB).ShouldBeFalse();
    }

    [Fact]
    public async Task Empty_lists_record_every_session_again()
    {
        await SelectAsync(roles: "nobody", databases: "db_b");
        var excluded = await cluster.RunSessionAsync("r_other", "db_a", "SELECT 1");

        await SelectAsync(roles: null, databases: null);
        var included = await cluster.RunSessionAsync("r_other", "db_a", "SELECT 1");

        Recorded(excluded).ShouldBeFalse();
        Recorded(included).ShouldBeTrue();
    }

    [Fact]
    public async Task An_autovacuum_worker_ignores_the_role_list_and_follows_the_database_list()
    {
        // Given a table in db_a whose every insert makes it due for auto-analyze, with an index expression in PL/pgSQL
        await cluster.ExecuteAsync("""
            CREATE FUNCTION f_auto(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN i; END $$;
            CREATE TABLE t_auto(id integer) WITH (autovacuum_analyze_threshold = 1, autovacuum_analyze_scale_factor = 0);
            CREATE INDEX t_auto_expr ON t_auto (f_auto(id));
            """, "db_a");
        await SelectAsync(roles: "nobody", databases: "db_a");

        // When autovacuum analyses it
        await cluster.ExecuteAsync("INSERT INTO t_auto SELECT generate_series(1, 100)", "db_a");
        for (var i = 0; i < 60 && !await AnalysedAsync(); i++)
        {
            await Task.Delay(250, Ct);
        }

        // Then the worker's session recorded the call, though no listed role runs it
        (await AnalysedAsync()).ShouldBeTrue("autovacuum did not analyse the table within 15 s");
        var (summary, sessions) = await cluster.IngestAsync();
        summary.Errors.ShouldBeEmpty();
        var workers = sessions.Where(s => s.BackendType == "autovacuum worker").ToList();
        workers.ShouldNotBeEmpty();
        var calls = new List<FunctionEntered>();
        foreach (var worker in workers)
        {
            calls.AddRange((await cluster.EventsAsync(worker.SessionId)).OfType<FunctionEntered>());
        }

        calls.ShouldContain(c => c.Phase == "maintenance");
    }

    /// <summary>Sets both lists (null: empty, the default), whatever an earlier test left.</summary>
    private Task SelectAsync(string? roles, string? databases) =>
        cluster.ReloadAsync(new Dictionary<string, string?> { ["tracelab.roles"] = roles, ["tracelab.databases"] = databases });

    private bool Recorded(string sessionId) => File.Exists(Path.Combine(cluster.SpoolDirectory, sessionId + SpoolFileReader.FileExtension));

    private async Task<bool> AnalysedAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString("db_a", recorded: false));
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT coalesce(autoanalyze_count, 0) > 0 FROM pg_stat_user_tables WHERE relname = 't_auto'", connection);
        return await command.ExecuteScalarAsync(Ct) as bool? ?? false;
    }
}
