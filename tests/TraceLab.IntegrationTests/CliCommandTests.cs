using System.Security.Cryptography;
using System.Text.Json;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Spool;

namespace TraceLab.IntegrationTests;

/// <summary>The record, sessions and replay verbs of the real tracelab command, on spool files the real probe wrote.</summary>
public sealed class CliCommandTests(TestCluster cluster)
{
    private static readonly string Golden = Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.Recorder.Tests", "Golden");

    [Fact]
    public async Task Record_once_twice_ingests_everything_once_and_replay_prints_the_documented_json()
    {
        // Given a spool directory with the three golden recordings under fresh session ids
        var spool = Directory.CreateTempSubdirectory("tracelab-cli-spool-");
        var stamp = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        var ids = new Dictionary<string, string>();
        foreach (var name in new[] { "attack-view", "attack-trigger", "benign" })
        {
            ids[name] = $"{stamp}-{ids.Count + 1}";
            File.Copy(Path.Combine(Golden, name + ".tlspool"), Path.Combine(spool.FullName, ids[name] + ".tlspool"));
        }

        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };
        try
        {
            // When it is recorded twice
            var first = await CliProcess.RunAsync(store, "record", "--once", "--spool", spool.FullName);
            var second = await CliProcess.RunAsync(store, "record", "--spool", spool.FullName);

            // Then the second run adds nothing
            first.ExitCode.ShouldBe(0, first.Error);
            var recorded = Directory.GetFiles(spool.FullName)
                .Sum(f => new SpoolFileReader(f).ReadBlocks().Sum(b => b.Events.Count));
            first.Output.ShouldContain($"ingested {recorded} events from 3 of 3 spool files");
            second.ExitCode.ShouldBe(0, second.Error);
            second.Output.ShouldContain("ingested 0 events from 0 of 3 spool files");

            // And sessions lists them
            var sessions = await CliProcess.RunAsync(store, "sessions", "--format", "json");
            sessions.ExitCode.ShouldBe(0, sessions.Error);
            using var listed = JsonDocument.Parse(sessions.Output);
            var mine = listed.RootElement.GetProperty("sessions").EnumerateArray()
                .Where(s => ids.ContainsValue(s.GetProperty("session").GetString()!)).ToList();
            mine.Select(s => s.GetProperty("application_name").GetString())
                .ShouldBe(["tracelab-demo:attack-view", "tracelab-demo:attack-trigger", "tracelab-demo:benign"], ignoreOrder: true);

            // And replay by id prefix prints the verdicts in the documented JSON form
            var replay = await CliProcess.RunAsync(store, "replay", ids["attack-view"], ids["benign"],
                "--policy", "permissive", "--policy", "ddl-needs-trusted-chain", "--format", "json");
            replay.ExitCode.ShouldBe(0, replay.Error);
            using var report = JsonDocument.Parse(replay.Output);
            var operations = report.RootElement.GetProperty("operations").EnumerateArray().ToList();
            operations.Select(o => o.GetProperty("session").GetString()).Distinct().ShouldBe([ids["attack-view"], ids["benign"]]);
            var alter = operations.Single(o => o.GetProperty("command").GetString() == "ALTER ROLE");
            alter.GetProperty("verdicts").GetProperty("ddl-needs-trusted-chain").GetProperty("decision").GetString().ShouldBe("blocked");
            alter.GetProperty("verdicts").GetProperty("permissive").GetProperty("decision").GetString().ShouldBe("allowed");
            alter.GetProperty("chain").EnumerateArray().Select(e => e.GetProperty("kind").GetString())
                .ShouldBe(["statement", "view", "view", "function", "utility"]);

            // And the table form shows the PostgreSQL-style message
            var table = await CliProcess.RunAsync(store, "replay", ids["attack-trigger"], "--policy", "ddl-needs-trusted-chain");
            table.ExitCode.ShouldBe(0, table.Error);
            table.Output.ShouldContain("ERROR:  user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
            table.Output.ShouldContain("trigger trg_orders on mallory.t_orders");
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Policies_check_rejects_a_misspelled_key_naming_its_line_and_column()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("tracelab-policy-").FullName, "mine.yaml");
        await File.WriteAllTextAsync(file, """
            name: mine
            description: A policy with a typo.
            rules:
              - name: ddl
                oprations: [ddl]
                action: block
            """, TestContext.Current.CancellationToken);

        var result = await CliProcess.RunAsync(null, "policies", "check", file);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain($"error: invalid policy file \"{file}\"");
        result.Error.ShouldContain("Line 5, column 5: unrecognized key \"oprations\"");
        result.Error.ShouldContain("\"operations\"");
    }

    [Fact]
    public async Task Policies_list_and_show_print_the_catalog()
    {
        var list = await CliProcess.RunAsync(null, "policies", "list");
        list.ExitCode.ShouldBe(0, list.Error);
        foreach (var name in new[] { "permissive", "ddl-needs-trusted-chain", "no-untrusted-code-as-superuser", "strict-trusted-chain",
                     "strict-trusted-chain-membership", "strict-trusted-chain-infrastructure", "strict-trusted-chain-since-definer",
                     "sandbox-untrusted" })
        {
            list.Output.ShouldContain(name);
        }

        var show = await CliProcess.RunAsync(null, "policies", "show", "sandbox-untrusted");
        show.ExitCode.ShouldBe(0, show.Error);
        show.Output.ShouldContain("name: sandbox-untrusted");
        show.Output.ShouldContain("rules:");
    }

    [Fact]
    public async Task Replay_takes_a_policy_file_by_path()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("tracelab-policy-").FullName, "no-alter-role.yaml");
        await File.WriteAllTextAsync(file, """
            name: no-alter-role
            description: Nobody alters roles from nested code.
            rules:
              - name: nested-alter-role
                operations: [role]
                commands: ["ALTER ROLE"]
                trust:
                  superusers: false
                scope: immediate-caller
                action: warn
            """, TestContext.Current.CancellationToken);
        var spool = Directory.CreateTempSubdirectory("tracelab-cli-spool-");
        var id = $"{System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue)}-1";
        File.Copy(Path.Combine(Golden, "attack-view.tlspool"), Path.Combine(spool.FullName, id + ".tlspool"));
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };
        (await CliProcess.RunAsync(store, "record", "--spool", spool.FullName)).ExitCode.ShouldBe(0);

        var replay = await CliProcess.RunAsync(store, "replay", id, "--policy", file, "--format", "json");

        replay.ExitCode.ShouldBe(0, replay.Error);
        using var report = System.Text.Json.JsonDocument.Parse(replay.Output);
        var alter = report.RootElement.GetProperty("operations").EnumerateArray().Single(o => o.GetProperty("command").GetString() == "ALTER ROLE");
        var verdict = alter.GetProperty("verdicts").GetProperty("no-alter-role");
        verdict.GetProperty("decision").GetString().ShouldBe("warned");
        verdict.GetProperty("message").GetString().ShouldBe("user \"mallory\" induces user \"alice\" to execute \"ALTER ROLE\"");
        spool.Delete(recursive: true);
    }

    [Fact]
    public async Task An_unknown_policy_is_an_error_with_a_hint()
    {
        var result = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore }, "replay", "--all", "--policy", "no-such-policy");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("error: unrecognized policy \"no-such-policy\"");
        result.Error.ShouldContain("hint: Available policies are \"permissive\", \"ddl-needs-trusted-chain\", ");
    }

    [Fact]
    public async Task An_unknown_session_is_an_error_that_points_to_tracelab_sessions()
    {
        var result = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore }, "replay", "0-0-no-such", "--policy", "permissive");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("error: recorded session \"0-0-no-such\" does not exist");
        result.Error.ShouldContain("hint: Run \"tracelab sessions\"");
    }

    [Fact]
    public async Task Replay_without_a_policy_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore }, "replay", "--all");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("at least one --policy is required");
    }

    [Fact]
    public async Task A_spool_directory_that_does_not_exist_is_an_error_and_nothing_is_lost()
    {
        var result = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore }, "record", "--spool", "/nonexistent/spool");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldStartWith("error: ");
        result.Error.ShouldContain("/nonexistent/spool");
    }

    [Fact]
    public async Task A_damaged_spool_file_is_reported_once_as_error_detail_hint()
    {
        // Given a spool directory with one file that is not a spool file
        var spool = Directory.CreateTempSubdirectory("tracelab-cli-spool-");
        var file = Path.Combine(spool.FullName, $"{RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue)}-1.tlspool");
        await File.WriteAllTextAsync(file, "not a spool file", TestContext.Current.CancellationToken);
        try
        {
            // When it is recorded
            var result = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore }, "record", "--spool", spool.FullName);

            // Then the error is printed once, and nothing else is on standard error (the Recorder's log line is gone),
            // and the file is moved to quarantine (exit status 5: everything else was ingested)
            result.ExitCode.ShouldBe(5, result.Error);
            var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Length.ShouldBe(3, result.Error);
            lines[0].ShouldBe($"error: file \"{file}\" is not a TraceLab spool file");
            lines[1].ShouldStartWith("detail: The file starts with the bytes ");
            lines[2].ShouldStartWith("hint: ");
            lines[2].ShouldContain(Path.Combine(spool.FullName, "quarantine"));
            File.Exists(file).ShouldBeFalse();
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }
}
