using System.Text.Json;
using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab suite run</c> through the real command, on the test cluster with the real probe, over the small
/// catalogue under <c>Scenarios/</c>: real psql sessions, a fresh database per scenario, ingest, replay, comparison.</summary>
public sealed class SuiteRunTests(TestCluster cluster)
{
    private static readonly string Catalogue = Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.IntegrationTests", "Scenarios");

    private static readonly string[] TwoPolicies = ["-p", "permissive", "-p", "ddl-needs-trusted-chain"];

    private Dictionary<string, string> Store => new() { ["TRACELAB_CONNECTION"] = cluster.EventStore };

    [Fact]
    public async Task Passing_scenarios_with_the_same_role_names_run_concurrently_without_interfering()
    {
        // When the attack (which makes its mallory a superuser) and a benign scenario with the same role names run at once
        var run = await CliProcess.RunAsync(Store, ["suite", "run", Path.Combine(Catalogue, "passing"), .. TwoPolicies, "-j", "2", "-f", "json", "-q"]);

        // Then both pass, and the report says what happened in each
        run.ExitCode.ShouldBe(0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        var attack = scenarios["trigger-makes-attacker-superuser"];
        var benign = scenarios["same-role-names-stay-apart"];
        attack.GetProperty("status").GetString().ShouldBe("passed");
        attack.GetProperty("kind").GetString().ShouldBe("attack");
        attack.GetProperty("reality").GetProperty("actual").GetString().ShouldBe("t");
        benign.GetProperty("status").GetString().ShouldBe("passed");
        benign.GetProperty("reality").GetProperty("actual").GetString().ShouldBe("f");
        var blocked = attack.GetProperty("policies").GetProperty("ddl-needs-trusted-chain").GetProperty("actual").GetProperty("blocked")
            .EnumerateArray().ShouldHaveSingleItem();
        blocked.GetProperty("command").GetString().ShouldBe("ALTER ROLE");
        blocked.GetProperty("culprit").GetProperty("object").GetString().ShouldBe("trg_orders on mallory.t_orders");
        blocked.GetProperty("culprit").GetProperty("owner").GetString().ShouldBe("mallory");
        attack.GetProperty("policies").GetProperty("ddl-needs-trusted-chain").GetProperty("cell").GetString().ShouldBe("blocked");
        benign.GetProperty("policies").GetProperty("ddl-needs-trusted-chain").GetProperty("cell").GetString().ShouldBe("allowed");

        // And the attack's three login sessions were recorded under the header's role names
        ClientUsers(attack).ShouldBe(["alice", "alice", "mallory"], ignoreOrder: true);
        ClientUsers(benign).ShouldBe(["mallory"]);

        // And each ran in its own database with its own role prefix, both gone afterwards
        var prefixes = new[] { attack, benign }.Select(s => s.GetProperty("role_prefix").GetString()!).ToList();
        prefixes.Distinct().Count().ShouldBe(2);
        prefixes.ShouldAllBe(p => p.StartsWith("tls_", StringComparison.Ordinal));
        foreach (var prefix in prefixes)
        {
            (await CountAsync("SELECT count(*) FROM pg_database WHERE datname = $1", prefix + "db")).ShouldBe(0);
            (await CountAsync("SELECT count(*) FROM pg_roles WHERE starts_with(rolname, $1)", prefix)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_wrong_expectation_exits_4_and_shows_expected_against_actual()
    {
        var run = await CliProcess.RunAsync(Store, ["suite", "run", Path.Combine(Catalogue, "mismatch"), .. TwoPolicies, "-q"]);

        run.ExitCode.ShouldBe(4, run.Output + run.Error);
        run.Output.ShouldContain("MISMATCH");
        run.Output.ShouldContain("mismatch in view-with-wrong-expectation");
        run.Output.ShouldContain("reality: expected \"f\", got \"t\"");
        run.Output.ShouldContain("ddl-needs-trusted-chain: expected allowed, actual 1 blocked, 0 warned");
        run.Output.ShouldContain("blocked, not expected: ALTER ROLE (view mallory.v_bait, owner mallory)");
        run.Output.ShouldContain("culprit: {kind: view, object: mallory.v_bait, owner: mallory}");
        run.Output.ShouldNotContain("tls_");
        run.Error.ShouldContain("error: 1 of 1 scenarios do not match their expectations");
    }

    [Fact]
    public async Task A_broken_setup_exits_1_with_the_psql_error_and_the_other_scenarios_still_run()
    {
        var run = await CliProcess.RunAsync(Store, ["suite", "run", Path.Combine(Catalogue, "broken"), .. TwoPolicies, "-j", "3", "-f", "json", "-q"]);

        run.ExitCode.ShouldBe(1, run.Error);
        run.Error.ShouldContain("error: scenario \"setup-fails\" could not run: relation \"mallory.t_missing\" does not exist");
        run.Error.ShouldContain("At setup (line 12), the statement ending at line 15 of ");
        run.Error.ShouldNotContain("   at ");
        using var json = JsonDocument.Parse(run.Output);
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        var broken = scenarios["setup-fails"];
        broken.GetProperty("status").GetString().ShouldBe("could_not_run");
        var error = broken.GetProperty("error");
        error.GetProperty("message").GetString().ShouldBe("relation \"mallory.t_missing\" does not exist");
        error.GetProperty("output")[0].GetString().ShouldBe("ERROR:  relation \"mallory.t_missing\" does not exist");
        scenarios["still-runs"].GetProperty("status").GetString().ShouldBe("passed");
        json.RootElement.GetProperty("summary").GetProperty("could_not_run").GetInt32().ShouldBe(3);

        // A step's error, in the header's role names, at the file line of the failing statement
        var step = scenarios["step-fails"].GetProperty("error");
        step.GetProperty("message").GetString().ShouldBe("must be superuser to alter superuser roles or change superuser attribute");
        step.GetProperty("where").GetString().ShouldBe("step mallory (line 11), the statement ending at line 13");
        run.Error.ShouldNotContain("tls_");

        // A wait that timed out
        var wait = scenarios["wait-times-out"].GetProperty("error");
        wait.GetProperty("message").GetString().ShouldBe("the wait timed out");
        wait.GetProperty("where").GetString().ShouldBe("wait (line 14)");
        (await CountAsync("SELECT count(*) FROM pg_database WHERE datname = $1", broken.GetProperty("database").GetString()!)).ShouldBe(0);
    }

    [Fact]
    public async Task Keep_leaves_the_database_roles_and_sessions_for_replay()
    {
        var run = await CliProcess.RunAsync(Store,
            ["suite", "run", Path.Combine(Catalogue, "passing", "attacks"), "-p", "ddl-needs-trusted-chain", "--keep", "-f", "json", "-q"]);

        using var json = JsonDocument.Parse(run.Output);
        var scenario = json.RootElement.GetProperty("scenarios")[0];
        var database = scenario.GetProperty("database").GetString()!;
        var prefix = scenario.GetProperty("role_prefix").GetString()!;
        try
        {
            run.ExitCode.ShouldBe(0, run.Error);
            scenario.GetProperty("kept").GetBoolean().ShouldBeTrue();
            (await CountAsync("SELECT count(*) FROM pg_database WHERE datname = $1", database)).ShouldBe(1);
            (await CountAsync("SELECT count(*) FROM pg_roles WHERE rolname = $1 AND rolsuper", prefix + "mallory")).ShouldBe(1);

            // The kept session replays by its id, in the run's real role names
            var session = scenario.GetProperty("sessions").EnumerateArray()
                .First(s => s.GetProperty("user").GetString() == "alice").GetProperty("session").GetString()!;
            var replay = await CliProcess.RunAsync(Store, "replay", session, "-p", "ddl-needs-trusted-chain", "-f", "json");
            replay.ExitCode.ShouldBe(0, replay.Error);
            replay.Output.ShouldContain($"\"database\": \"{database}\"");
        }
        finally
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            await ExecuteAsync($"DROP ROLE IF EXISTS \"{prefix}alice\"");
            await ExecuteAsync($"DROP ROLE IF EXISTS \"{prefix}mallory\"");
        }
    }

    [Fact]
    public async Task A_malformed_scenario_file_is_an_error_naming_file_and_line_and_nothing_runs()
    {
        var directory = Directory.CreateTempSubdirectory("tracelab-suite-");
        try
        {
            var attacks = Directory.CreateDirectory(Path.Combine(directory.FullName, "attacks"));
            var file = Path.Combine(attacks.FullName, "bad-directive.sql");
            await File.WriteAllTextAsync(file,
                "/*---\ntitle: T\npattern: P\nroles:\n  alice: {}\nexpect:\n  permissive: allowed\n---*/\n-- @stepp alice\nSELECT 1;\n",
                TestContext.Current.CancellationToken);

            var run = await CliProcess.RunAsync(Store, "suite", "run", directory.FullName);
            var unknownOption = await CliProcess.RunAsync(Store, "suite", "run", directory.FullName, "--colour");

            run.ExitCode.ShouldBe(1);
            run.Error.ShouldStartWith($"error: invalid scenario file \"{file}\" line 9: unrecognized directive \"-- @stepp\"");
            run.Error.ShouldContain("hint: The directives are");
            run.Error.ShouldNotContain("   at ");
            run.Output.ShouldBeEmpty();
            unknownOption.ExitCode.ShouldBe(2);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static List<string> ClientUsers(JsonElement scenario) =>
    [
        .. scenario.GetProperty("sessions").EnumerateArray()
            .Where(s => s.GetProperty("backend_type").GetString() == "client backend")
            .Select(s => s.GetProperty("user").GetString()!),
    ];

    private async Task<long> CountAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(cluster.Superuser("postgres"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.Superuser("postgres"));
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
