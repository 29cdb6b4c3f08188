using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Read commands never create or change schema objects: a role that may only SELECT from the event store reads
/// it through every read verb, and a database without the TraceLab schema is reported in one line and left as it was;
/// <c>tracelab store migrate</c> creates the schema.</summary>
/// <remarks>Each test has an event-store database of its own (recording off, like the embedded cluster's), so that the
/// schema's owner and grants are its own.</remarks>
public sealed class ReadOnlyStoreTests(TestCluster cluster) : IAsyncLifetime
{
    private static readonly string[][] ReadCommands =
    [
        ["sessions", "-f", "json"],
        ["shapes", "-f", "json"],
        ["replay", "--all", "-p", "permissive", "-f", "json"],
        ["diff", "--all", "-p", "permissive", "-p", "ddl-needs-trusted-chain", "-f", "json"],
    ];

    private readonly string suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("tracelab-readonly-");
    private ScenarioLab lab = null!;

    private string StoreDatabase => $"tracelab_ro_{suffix}";

    private string Reader => $"tracelab_reader_{suffix}";

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice");
        await AdminAsync("postgres", $"CREATE DATABASE {StoreDatabase}");
        await AdminAsync("postgres", $"ALTER DATABASE {StoreDatabase} SET tracelab.enabled = off");
        await AdminAsync("postgres", $"CREATE ROLE {Reader} LOGIN PASSWORD '{password}'");
    }

    public async ValueTask DisposeAsync()
    {
        await AdminAsync("postgres", $"DROP DATABASE IF EXISTS {StoreDatabase} WITH (FORCE)");
        await AdminAsync("postgres", $"DROP ROLE IF EXISTS {Reader}");
        await lab.DisposeAsync();
        scratch.Delete(recursive: true);
    }

    [Fact]
    public async Task A_role_that_may_only_select_runs_every_read_command()
    {
        // Given a recorded session in an event store that its owner created by recording
        var session = await lab.RunSessionAsync("alice", "SELECT 1");
        var spool = Directory.CreateDirectory(Path.Combine(scratch.FullName, "spool"));
        File.Copy(Path.Combine(cluster.SpoolDirectory, session + ".tlspool"), Path.Combine(spool.FullName, session + ".tlspool"));
        var owner = Environment(cluster.Superuser(StoreDatabase));
        var record = await CliProcess.RunAsync(owner, "record", "--once", "--spool", spool.FullName);
        record.ExitCode.ShouldBe(0, record.Error);

        // And a role granted only USAGE on the schema and SELECT on its tables
        await AdminAsync(StoreDatabase, $"GRANT USAGE ON SCHEMA tracelab TO {Reader}; GRANT SELECT ON ALL TABLES IN SCHEMA tracelab TO {Reader}");
        var before = await SchemaDefinitionAsync();
        var reader = Environment(new NpgsqlConnectionStringBuilder(cluster.Superuser(StoreDatabase))
        {
            Username = Reader,
            Password = password,
        }.ConnectionString);

        // When that role runs every read command
        var results = new List<(string Command, CliResult Result)>();
        foreach (var command in ReadCommands)
        {
            results.Add((command[0], await CliProcess.RunAsync(reader, command)));
        }

        var trace = Path.Combine(scratch.FullName, "all.trace");
        results.Add(("export", await CliProcess.RunAsync(reader, "export", "--all", "-o", trace, "-q")));

        // Then each one succeeds and sees the session
        foreach (var (command, result) in results)
        {
            result.ExitCode.ShouldBe(0, $"{command}: {result.Error}");
            result.Error.ShouldNotContain("error:", customMessage: command);
        }

        using (var sessions = JsonDocument.Parse(results[0].Result.Output))
        {
            sessions.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("session").GetString())
                .ShouldBe([session]);
        }

        results[2].Result.Output.ShouldContain(session);
        new FileInfo(trace).Length.ShouldBeGreaterThan(0);

        // And the schema is exactly as its owner left it
        (await SchemaDefinitionAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_read_of_a_database_without_the_schema_says_so_and_creates_nothing_until_store_migrate()
    {
        // Given a database nothing was recorded into, read by its superuser (who could create the schema)
        var owner = Environment(cluster.Superuser(StoreDatabase));

        // When every read command runs against it
        var results = new List<CliResult>();
        foreach (var command in ReadCommands)
        {
            results.Add(await CliProcess.RunAsync(owner, command));
        }

        results.Add(await CliProcess.RunAsync(owner, "export", "--all", "-o", Path.Combine(scratch.FullName, "none.trace")));

        // Then each says in one line that there is no TraceLab schema, names the database and how to create it
        foreach (var result in results)
        {
            result.ExitCode.ShouldBe(1, result.Error);
            var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines[0].ShouldBe("error: the event store has no TraceLab schema");
            lines.ShouldContain(l => l.StartsWith("detail: ", StringComparison.Ordinal) && l.Contains($"\"{StoreDatabase}\""));
            lines.ShouldContain(l => l.StartsWith("hint: ", StringComparison.Ordinal) && l.Contains("tracelab store migrate"));
            result.Output.ShouldBeEmpty();
        }

        // And nothing was created
        (await SchemaDefinitionAsync()).ShouldBeEmpty();

        // When store migrate runs, twice
        var migrate = await CliProcess.RunAsync(owner, "store", "migrate");
        var again = await CliProcess.RunAsync(owner, "store", "migrate");

        // Then the first says what it created and the second that nothing was left to change
        migrate.ExitCode.ShouldBe(0, migrate.Error);
        migrate.Output.ShouldContain("created table tracelab.mt_events");
        migrate.Output.ShouldContain("created table tracelab.mt_doc_chain_shape_statistics");
        again.ExitCode.ShouldBe(0, again.Error);
        again.Output.Trim().ShouldBe(
            $"the TraceLab schema is up to date (schema \"tracelab\" of database \"{StoreDatabase}\"); nothing to change");

        // And the store now reads as an empty one
        var sessions = await CliProcess.RunAsync(owner, "sessions");
        sessions.ExitCode.ShouldBe(0, sessions.Error);
        sessions.Output.ShouldContain("0 recorded sessions");
    }

    private static Dictionary<string, string> Environment(string connection) => new() { ["TRACELAB_CONNECTION"] = connection };

    /// <summary>Every relation, function and sequence in schema tracelab with its owner and, for relations, its columns
    /// and indexes: what a migration would change.</summary>
    private async Task<List<string>> SchemaDefinitionAsync()
    {
        const string sql = """
            SELECT c.relkind::text || ' ' || c.relname || ' ' || pg_get_userbyid(c.relowner) || ' '
                   || coalesce((SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
                                FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
                   || coalesce(' ' || pg_get_indexdef(c.oid), '')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'tracelab'
            UNION ALL
            SELECT 'f ' || p.oid::regprocedure::text || ' ' || pg_get_userbyid(p.proowner) || ' ' || md5(p.prosrc)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'tracelab'
            ORDER BY 1
            """;
        await using var connection = new NpgsqlConnection(cluster.Superuser(StoreDatabase));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task AdminAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(cluster.Superuser(database)) { Options = "-c tracelab.enabled=off" }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
