using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>replay</c> and <c>diff</c> through the real command: session filters (as <c>sessions</c> takes them, from
/// the store and from a trace file), <c>diff --exit-code</c>, and the warning of a JUnit report without
/// <c>--fail-on</c>.</summary>
/// <remarks>Each test records golden sessions (alice's two attacks, bob's benign session) into an event-store database
/// of its own, so that filters see these sessions and no other test's.</remarks>
public sealed class ReportSelectionTests(TestCluster cluster) : IAsyncLifetime
{
    private static readonly string Golden = Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.Recorder.Tests", "Golden");
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("tracelab-selection-");
    private readonly string database = "tracelab_sel_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly Dictionary<string, string> ids = [];
    private Dictionary<string, string> store = null!;

    public async ValueTask InitializeAsync()
    {
        await cluster.AdminAsync($"CREATE DATABASE {database}", TestContext.Current.CancellationToken);
        await cluster.AdminAsync($"ALTER DATABASE {database} SET tracelab.enabled = off", TestContext.Current.CancellationToken);
        store = new() { ["TRACELAB_CONNECTION"] = new NpgsqlConnectionStringBuilder(cluster.EventStore) { Database = database }.ConnectionString };
        var spool = Directory.CreateDirectory(Path.Combine(scratch.FullName, "spool"));
        var stamp = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        foreach (var name in new[] { "attack-view", "attack-trigger", "benign" })
        {
            ids[name] = $"{stamp}-{ids.Count + 1}";
            File.Copy(Path.Combine(Golden, name + ".tlspool"), Path.Combine(spool.FullName, ids[name] + ".tlspool"));
        }

        var record = await CliProcess.RunAsync(store, "record", "--once", "--spool", spool.FullName);
        record.ExitCode.ShouldBe(0, record.Error);
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.AdminAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", TestContext.Current.CancellationToken);
        scratch.Delete(recursive: true);
    }

    [Fact]
    public async Task Replay_and_diff_take_the_session_filters_of_sessions_from_the_store_and_from_a_trace()
    {
        var trace = Path.Combine(scratch.FullName, "all.trace");
        (await CliProcess.RunAsync(store, "export", "--all", "-o", trace, "-q")).ExitCode.ShouldBe(0);
        var users = await SessionUsersAsync();
        var bob = users[ids["benign"]];
        var alice = users[ids["attack-view"]];
        users[ids["attack-trigger"]].ShouldBe(alice);
        bob.ShouldNotBe(alice);

        // A filter alone selects every session it keeps, as --all with it does
        (await ReplayedAsync("replay", "--user", bob, "-p", "permissive")).ShouldBe([ids["benign"]]);
        (await ReplayedAsync("replay", "--all", "--user", alice, "-p", "permissive"))
            .ShouldBe([ids["attack-view"], ids["attack-trigger"]], ignoreOrder: true);
        (await ReplayedAsync("diff", "--user", alice, "-p", "permissive", "-p", "ddl-needs-trusted-chain"))
            .ShouldBe([ids["attack-view"], ids["attack-trigger"]], ignoreOrder: true);
        (await ReplayedAsync("replay", "--all", "--until", "2000-01-01T00:00:00Z", "-p", "permissive")).ShouldBeEmpty();

        // The same from a trace file, byte for byte
        var fromStore = await CliProcess.RunAsync(store, "replay", "--user", bob, "-p", "permissive", "-f", "json");
        var fromTrace = await CliProcess.RunAsync(null, "replay", "--trace", trace, "--user", bob, "-p", "permissive", "-f", "json");
        fromTrace.ExitCode.ShouldBe(0, fromTrace.Error);
        fromTrace.Output.ShouldBe(fromStore.Output);

        // A named session must match the filters; a bad value is a usage error as in sessions
        var mismatch = await CliProcess.RunAsync(store, "replay", ids["benign"], "--user", alice, "-p", "permissive");
        mismatch.ExitCode.ShouldBe(1);
        mismatch.Error.ShouldStartWith($"error: recorded session \"{ids["benign"]}\" does not match the filters");
        var badTime = await CliProcess.RunAsync(store, "diff", "--since", "yesterday", "-p", "permissive", "-p", "strict-trusted-chain");
        badTime.ExitCode.ShouldBe(2);
        badTime.Error.ShouldStartWith("error: invalid value for --since: \"yesterday\"");
    }

    [Fact]
    public async Task Diff_exit_code_is_6_when_outcomes_differ_and_only_when_asked()
    {
        string[] policies = ["-p", "permissive", "-p", "ddl-needs-trusted-chain"];

        var differs = await CliProcess.RunAsync(store, ["diff", ids["attack-view"], "--exit-code", .. policies, "-f", "json"]);
        var same = await CliProcess.RunAsync(store, ["diff", ids["benign"], "--exit-code", .. policies]);
        var notAsked = await CliProcess.RunAsync(store, ["diff", ids["attack-view"], .. policies]);
        var failOn = await CliProcess.RunAsync(store, ["diff", ids["attack-view"], "--exit-code", .. policies, "--fail-on", "blocked"]);

        differs.ExitCode.ShouldBe(6, differs.Error);
        differs.Error.ShouldBeEmpty();
        using (var report = JsonDocument.Parse(differs.Output))
        {
            report.RootElement.GetProperty("operations").GetArrayLength().ShouldBe(1);
        }

        same.ExitCode.ShouldBe(0, same.Error);
        notAsked.ExitCode.ShouldBe(0, notAsked.Error);
        failOn.ExitCode.ShouldBe(4, "a forbidden outcome is the stronger signal");
    }

    [Fact]
    public async Task A_junit_report_without_fail_on_warns_that_it_has_no_test_cases()
    {
        string[] replay = ["replay", ids["attack-view"], "-p", "ddl-needs-trusted-chain", "-f", "junit"];

        var ungated = await CliProcess.RunAsync(store, replay);
        var gated = await CliProcess.RunAsync(store, [.. replay, "--fail-on", "blocked"]);
        var json = await CliProcess.RunAsync(store, "replay", ids["attack-view"], "-p", "ddl-needs-trusted-chain", "-f", "json");

        ungated.ExitCode.ShouldBe(0, ungated.Error);
        ungated.Error.ShouldStartWith("warning: the JUnit report has no test cases, since no --fail-on was given\ndetail: ");
        ungated.Error.ShouldContain("hint: Add the outcome that should fail the build, for example --fail-on blocked.");
        ungated.Output.ShouldContain("<testsuites");
        gated.ExitCode.ShouldBe(4);
        gated.Error.ShouldNotContain("warning:");
        json.Error.ShouldNotContain("warning:");
    }

    /// <summary>The session user of every recorded session, as <c>tracelab sessions</c> lists them.</summary>
    private async Task<Dictionary<string, string>> SessionUsersAsync()
    {
        var sessions = await CliProcess.RunAsync(store, "sessions", "-f", "json");
        sessions.ExitCode.ShouldBe(0, sessions.Error);
        using var json = JsonDocument.Parse(sessions.Output);
        return json.RootElement.GetProperty("sessions").EnumerateArray()
            .ToDictionary(s => s.GetProperty("session").GetString()!, s => s.GetProperty("session_user").GetString()!);
    }

    /// <summary>The sessions a JSON report of <paramref name="arguments"/> covers.</summary>
    private async Task<List<string>> ReplayedAsync(params string[] arguments)
    {
        var result = await CliProcess.RunAsync(store, [.. arguments, "-f", "json"]);
        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.GetProperty("summary").GetProperty("sessions").EnumerateArray()
            .Select(s => s.GetProperty("session").GetString()!)];
    }
}
