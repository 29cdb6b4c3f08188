using System.Text.Json;
using Spectre.Console;
using TraceLab.Cli.Demo;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Hosting;
using TraceLab.Reports;

namespace TraceLab.IntegrationTests;

/// <summary>The demo path end to end on the real cluster: real logins, the real probe, Marten, Wolverine, replay.</summary>
/// <remarks>The demo uses fixed role names (alice, mallory, bob) and its own database, so it runs in its own
/// collection: nothing else touches those names.</remarks>
[Collection(nameof(DemoEndToEndTests))]
public sealed class DemoEndToEndTests(TestCluster cluster)
{
    private const string Ddl = "ddl-needs-trusted-chain";

    [Fact]
    public async Task Both_attacks_are_blocked_under_ddl_needs_trusted_chain_and_allowed_under_permissive()
    {
        // Given the demo run against the test cluster
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors });
        var result = await new DemoRunner(console, TimeProvider.System).RunAsync(
            new ServerAccess(cluster.Superuser("postgres")), cluster.SpoolDirectory, cluster.EventStore, TestContext.Current.CancellationToken);

        // Then the attacks really happened
        result.AttackSucceeded["attack-view"].ShouldBeTrue();
        result.AttackSucceeded["attack-trigger"].ShouldBeTrue();

        // And the JSON form of the replay has the exact verdicts and chains
        using var json = await ReportJson.ParseAsync(result.Report);
        var operations = json.RootElement.GetProperty("operations").EnumerateArray().ToList();

        var view = Single(operations, result.SessionIds["attack-view"], "ALTER ROLE");
        view.GetProperty("database").GetString().ShouldBe("tracelab_demo");
        view.GetProperty("executor").GetString().ShouldBe("alice");
        Chain(view).ShouldBe([
            ("statement", "SELECT * FROM mallory.v_bait", "alice"),
            ("view", "mallory.v_bait", "mallory"),
            ("view", "mallory.v_inner", "mallory"),
            ("function", "mallory.f_evil(integer)", "mallory"),
            ("utility", "ALTER ROLE mallory SUPERUSER", "mallory"),
        ]);
        Decision(view, "permissive").ShouldBe("allowed");
        Decision(view, Ddl).ShouldBe("blocked");
        Verdict(view, Ddl, "message").ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        Verdict(view, Ddl, "detail").ShouldBe(
            "Function mallory.f_evil(integer) owned by \"mallory\" was called from view mallory.v_inner owned by \"mallory\", "
            + "referenced by view mallory.v_bait owned by \"mallory\" (where \"mallory\" entered the chain), "
            + "referenced by the statement entered by session user \"alice\".");

        var trigger = Single(operations, result.SessionIds["attack-trigger"], "ALTER ROLE");
        trigger.GetProperty("executor").GetString().ShouldBe("alice");
        Chain(trigger).ShouldBe([
            ("statement", "INSERT INTO mallory.t_orders VALUES (1, 'first order')", "alice"),
            ("trigger", "trg_orders on mallory.t_orders", "mallory"),
            ("function", "mallory.trg_audit()", "mallory"),
            ("utility", "ALTER ROLE mallory SUPERUSER", "mallory"),
        ]);
        Decision(trigger, "permissive").ShouldBe("allowed");
        Decision(trigger, Ddl).ShouldBe("blocked");
        Verdict(trigger, Ddl, "detail").ShouldBe(
            "Function mallory.trg_audit() owned by \"mallory\" was called from trigger trg_orders on mallory.t_orders owned by \"mallory\" "
            + "(where \"mallory\" entered the chain), fired by the statement entered by session user \"alice\".");

        var benign = operations.Where(o => o.GetProperty("session").GetString() == result.SessionIds["benign"]).ToList();
        benign.Select(o => o.GetProperty("command").GetString()).ShouldBe(["SELECT", "EXECUTE FUNCTION", "CREATE TABLE"]);
        benign.ShouldAllBe(o => Decision(o, "permissive") == "allowed" && Decision(o, Ddl) == "allowed");
        Chain(benign[2]).ShouldBe([
            ("statement", "SELECT bob.refresh_summary()", "bob"),
            ("function", "bob.refresh_summary()", "bob"),
            ("utility", "CREATE TABLE IF NOT EXISTS bob.summary(n integer)", "bob"),
        ]);

        // And the only blocks in the demo are the two ALTER ROLEs
        operations.Count(o => Decision(o, Ddl) == "blocked").ShouldBe(2);
        operations.ShouldAllBe(o => Decision(o, "permissive") == "allowed");

        // And the printed comparison says so
        var printed = output.ToString();
        printed.ShouldContain("ERROR:  user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        printed.ShouldContain("attack-view");

        // And ingesting again adds no events to the recorded sessions
        await using var recorder = await RecorderHost.StartAsync(cluster.EventStore, TestContext.Current.CancellationToken);
        var before = await EventCountsAsync(recorder, result.SessionIds.Values);
        (await recorder.Ingestor.IngestOnceAsync(cluster.SpoolDirectory, TestContext.Current.CancellationToken)).Errors.ShouldBeEmpty();
        (await recorder.Ingestor.IngestOnceAsync(cluster.SpoolDirectory, TestContext.Current.CancellationToken)).Errors.ShouldBeEmpty();
        (await EventCountsAsync(recorder, result.SessionIds.Values)).ShouldBe(before);
        before.ShouldAllBe(count => count > 0);
    }

    private static async Task<List<long>> EventCountsAsync(RecorderHost recorder, IEnumerable<string> sessions)
    {
        var counts = new List<long>();
        foreach (var id in sessions)
        {
            counts.Add((await recorder.Sessions.FindSessionAsync(id, TestContext.Current.CancellationToken)).ShouldNotBeNull().EventCount);
        }

        return counts;
    }

    private static JsonElement Single(List<JsonElement> operations, string session, string command) =>
        operations.Single(o => o.GetProperty("session").GetString() == session && o.GetProperty("command").GetString() == command);

    private static (string?, string?, string?)[] Chain(JsonElement operation) =>
        [.. operation.GetProperty("chain").EnumerateArray().Select(e =>
            (e.GetProperty("kind").GetString(), e.GetProperty("object").GetString(), e.GetProperty("owner").GetString()))];

    private static string? Decision(JsonElement operation, string policy) => Verdict(operation, policy, "decision");

    private static string? Verdict(JsonElement operation, string policy, string field) =>
        operation.GetProperty("verdicts").GetProperty(policy).GetProperty(field).GetString();
}
