using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab scenario from-session</c> through the real command: real recorded sessions of one database
/// (setup, attacker, victim) become a scenario file that <c>suite run</c> passes at once on a fresh database.</summary>
public sealed class ScenarioFromSessionTests(TestCluster cluster) : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "tracelab-from-session-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));

    private Dictionary<string, string> Store => new() { ["TRACELAB_CONNECTION"] = cluster.EventStore };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Setup_attacker_and_victim_sessions_become_a_scenario_that_suite_run_passes_at_once()
    {
        // Given a superuser who sets up mallory's table through SET ROLE, mallory who plants a trigger inside a
        // transaction that a session of alice overlaps, and alice, a superuser, who inserts a row
        await using var lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("admin", superuser: true);
        await lab.CreateRoleAsync("mallory");
        await lab.CreateRoleAsync("alice", superuser: true);
        var setup = await lab.RunSessionAsync("admin",
            "CREATE SCHEMA app AUTHORIZATION {mallory}",
            "GRANT USAGE ON SCHEMA app TO PUBLIC",
            "SET ROLE {mallory}",
            "CREATE TABLE app.t_orders(id integer)",
            "GRANT INSERT, SELECT ON app.t_orders TO PUBLIC",
            "RESET ROLE");
        string? overlapping = null;
        var attacker = await lab.RunSessionAsync("mallory", async login =>
        {
            await RunAsync(login, lab.Expand("ALTER ROLE {mallory} SUPERUSER"), fails: true);
            await RunAsync(login, "BEGIN");
            await RunAsync(login, lab.Expand("""
                CREATE FUNCTION app.trg_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    EXECUTE 'ALTER ROLE {mallory} SUPERUSER';
                    RETURN NEW;
                END $$
                """));
            overlapping = await lab.RunSessionAsync("alice", "SELECT count(*) FROM app.t_orders");
            await RunAsync(login, "CREATE TRIGGER trg_orders BEFORE INSERT ON app.t_orders FOR EACH ROW EXECUTE FUNCTION app.trg_audit()");
            await RunAsync(login, "COMMIT");
            await RunAsync(login, "SELECT 1 AS one\n-- @step alice\n, '*/' AS closer");
        });
        var victim = await lab.RunSessionAsync("alice", "INSERT INTO app.t_orders VALUES (1)");
        (await lab.ScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = '{mallory}'")).ShouldBeTrue("the attack worked");
        await cluster.IngestAndListAsync(Ct);

        // When the sessions are turned into a scenario file
        var file = Path.Combine(directory, "attacks", "from-recorded-sessions.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var generate = await CliProcess.RunAsync(Store,
            ["scenario", "from-session", setup, attacker, overlapping!, victim, "-p", "permissive", "-p", "ddl-needs-trusted-chain", "-o", file]);

        // Then the file states the roles as they were, the steps in their recorded order, and today's outcomes
        generate.ExitCode.ShouldBe(0, generate.Error);
        generate.Output.ShouldContain($"wrote scenario {file}: 4 sessions, 3 roles");
        var text = await File.ReadAllTextAsync(file, Ct);
        text.ShouldContain($"  {lab.Role("admin")}: {{superuser: true}}\n");
        text.ShouldContain($"  {lab.Role("mallory")}: {{}}\n", Case.Sensitive, "mallory as she was before she became superuser");
        text.ShouldContain($"  ddl-needs-trusted-chain:\n    blocked:\n      - command: ALTER ROLE\n"
                           + $"        culprit: {{kind: trigger, object: trg_orders on app.t_orders, owner: {lab.Role("mallory")}}}\n");
        text.ShouldContain("  permissive: allowed\n");
        text.ShouldContain("# reality:");
        text.ShouldContain($"-- @step {lab.Role("mallory")} session=1 errors=allowed\n-- failed when recorded (ALTER ROLE)\n");
        Order(text, "CREATE FUNCTION app.trg_audit()", $"-- @step {lab.Role("alice")} session=1\nSELECT count(*)",
            "CREATE TRIGGER trg_orders", $"-- @step {lab.Role("alice")} session=2\nINSERT INTO app.t_orders");
        text.ShouldContain("SELECT 1 AS one\n -- @step alice\n, '*/' AS closer;\n");

        // And suite run passes it at once, on a fresh database
        var run = await CliProcess.RunAsync(Store, ["suite", "run", file, "-p", "permissive", "-p", "ddl-needs-trusted-chain", "-f", "json", "-q"]);
        run.ExitCode.ShouldBe(0, run.Output + run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var scenario = json.RootElement.GetProperty("scenarios").EnumerateArray().ShouldHaveSingleItem();
        scenario.GetProperty("status").GetString().ShouldBe("passed");
        scenario.GetProperty("policies").GetProperty("ddl-needs-trusted-chain").GetProperty("cell").GetString().ShouldBe("blocked");
    }

    [Fact]
    public async Task An_unknown_session_id_and_a_file_outside_attacks_or_benign_are_refused_before_anything_is_written()
    {
        var attacks = Path.Combine(directory, "attacks");
        Directory.CreateDirectory(attacks);

        var unknown = await CliProcess.RunAsync(Store, ["scenario", "from-session", "999999999", "-o", Path.Combine(attacks, "x.sql")]);
        var misplaced = await CliProcess.RunAsync(Store, ["scenario", "from-session", "999999999", "-o", Path.Combine(directory, "x.sql")]);
        var missing = await CliProcess.RunAsync(Store, ["scenario", "from-session", "--all"]);

        unknown.ExitCode.ShouldBe(1, unknown.Error);
        unknown.Error.ShouldContain("error: recorded session \"999999999\" does not exist");
        misplaced.ExitCode.ShouldBe(2, misplaced.Error);
        misplaced.Error.ShouldContain("cannot tell whether the scenario is an attack or benign");
        missing.ExitCode.ShouldBe(2, missing.Error);
        missing.Error.ShouldContain("-o FILE is required");
        Directory.EnumerateFileSystemEntries(attacks).ShouldBeEmpty();
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private static async Task RunAsync(NpgsqlConnection login, string sql, bool fails = false)
    {
        await using var command = new NpgsqlCommand(sql, login);
        if (fails)
        {
            await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Ct));
            return;
        }

        await command.ExecuteNonQueryAsync(Ct);
    }

    private static void Order(string text, params string[] parts)
    {
        var positions = parts.Select(p => text.IndexOf(p, StringComparison.Ordinal)).ToList();
        positions.ShouldAllBe(p => p >= 0, string.Join(", ", parts));
        positions.ShouldBe(positions.Order().ToList(), "in the order they ran");
    }
}
