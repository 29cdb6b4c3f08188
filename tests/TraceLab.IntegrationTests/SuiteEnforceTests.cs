using System.Text.Json;
using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab suite run --enforce</c> through the real command, on the test cluster with the real probe (0.7)
/// enforcing each policy: catalogue scenarios whose replay the enforced run must bear out, and one whose control flow
/// depends on what a blocked operation would have changed, which it cannot.</summary>
public sealed class SuiteEnforceTests(TestCluster cluster)
{
    private static readonly string Catalogue = Path.Combine(CheckoutRoot.Path, "scenarios");

    private static readonly string Disagreeing =
        Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.IntegrationTests", "Scenarios", "agreement", "attacks", "escalation-decides-the-next-statement.sql");

    private Dictionary<string, string> Store => new() { ["TRACELAB_CONNECTION"] = cluster.EventStore };

    [Fact]
    public async Task The_probe_blocks_exactly_what_the_replay_predicts_in_catalogue_scenarios()
    {
        // When an attack, an attack whose function catches the error, and a benign scenario run with --enforce
        var run = await CliProcess.RunAsync(Store,
        [
            "suite", "run",
            Path.Combine(Catalogue, "attacks", "trigger-on-insert.sql"),
            Path.Combine(Catalogue, "attacks", "explain-const-folding.sql"),
            Path.Combine(Catalogue, "benign", "own-trigger-ddl.sql"),
            "-p", "permissive", "-p", "ddl-needs-trusted-chain", "--enforce", "-j", "2", "-f", "json", "-q",
        ]);

        // Then every cell agrees, and the exit code says so
        run.ExitCode.ShouldBe(0, run.Output + run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        foreach (var (id, scenario) in scenarios)
        {
            foreach (var cell in scenario.GetProperty("agreement").EnumerateObject())
            {
                cell.Value.GetProperty("status").GetString().ShouldBe("agree", $"{id} under {cell.Name}: {cell.Value}");
                cell.Value.GetProperty("agreed").GetInt32().ShouldBe(cell.Value.GetProperty("total").GetInt32());
                cell.Value.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
            }
        }

        // And under ddl-needs-trusted-chain the probe raised at the trigger's ALTER ROLE and nowhere else, rolling the
        // INSERT back: mallory is no superuser after the enforced run
        var trigger = scenarios["trigger-on-insert"].GetProperty("agreement");
        var raised = trigger.GetProperty("ddl-needs-trusted-chain").GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        raised.GetProperty("command").GetString().ShouldBe("ALTER ROLE");
        raised.GetProperty("session").GetString().ShouldBe("alice");
        raised.GetProperty("chain").EnumerateArray().Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("object").GetString()}")
            .ShouldBe(["statement INSERT INTO mallory.t_orders VALUES (1, 'first order')", "trigger trg_orders on mallory.t_orders",
                "function mallory.trg_audit()", "utility ALTER ROLE mallory SUPERUSER"]);
        (raised.GetProperty("predicted").GetString(), raised.GetProperty("actual").GetString(), raised.GetProperty("consequence").GetString())
            .ShouldBe(("blocked", "blocked", "rolled_back"));
        raised.GetProperty("probe_message").GetProperty("message").GetString()!.ShouldContain("ALTER ROLE");
        raised.GetProperty("probe_message").GetProperty("message").GetString()!.ShouldNotContain("tls_");
        var reality = trigger.GetProperty("ddl-needs-trusted-chain").GetProperty("reality");
        (reality.GetProperty("unenforced").GetString(), reality.GetProperty("enforced").GetString(), reality.GetProperty("agrees").GetBoolean())
            .ShouldBe(("t", "f", true));

        // And under permissive nothing was raised and the attack still succeeded
        var permissive = trigger.GetProperty("permissive");
        permissive.GetProperty("errors").GetArrayLength().ShouldBe(0);
        permissive.GetProperty("reality").GetProperty("enforced").GetString().ShouldBe("t");

        // And where mallory's function catches the error, its handler ran: the EXPLAIN went on, the escalation did not
        var folding = scenarios["explain-const-folding"].GetProperty("agreement").GetProperty("ddl-needs-trusted-chain");
        folding.GetProperty("caught").GetInt32().ShouldBe(1);
        folding.GetProperty("errors")[0].GetProperty("consequence").GetString().ShouldBe("caught");
        folding.GetProperty("reality").GetProperty("enforced").GetString().ShouldBe("f");

        // And the benign scenario ran under both policies without a single error
        foreach (var cell in scenarios["own-trigger-ddl"].GetProperty("agreement").EnumerateObject())
        {
            cell.Value.GetProperty("errors").GetArrayLength().ShouldBe(0);
        }

        var summary = json.RootElement.GetProperty("summary").GetProperty("agreement");
        (summary.GetProperty("percent").GetDouble(), summary.GetProperty("agree").GetInt32(), summary.GetProperty("disagree").GetInt32())
            .ShouldBe((100.0, 6, 0));

        // And every run's database and roles are gone, the enforced runs' too
        var prefixes = scenarios.Values.SelectMany(s => s.GetProperty("agreement").EnumerateObject()
            .Select(c => c.Value.GetProperty("role_prefix").GetString()!)
            .Append(s.GetProperty("role_prefix").GetString()!)).ToList();
        prefixes.Distinct().Count().ShouldBe(9);
        foreach (var prefix in prefixes)
        {
            (await CountAsync("SELECT count(*) FROM pg_database WHERE datname = $1", prefix + "db")).ShouldBe(0);
            (await CountAsync("SELECT count(*) FROM pg_roles WHERE starts_with(rolname, $1)", prefix)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_call_that_depends_on_a_blocked_escalation_is_reported_as_a_disagreement_with_exit_code_7()
    {
        var run = await CliProcess.RunAsync(Store, ["suite", "run", Disagreeing, "-p", "ddl-needs-trusted-chain", "--enforce", "-q"]);

        // The scenario matches its expectations, but the enforced run never made the call the replay predicts
        run.ExitCode.ShouldBe(7, run.Output + run.Error);
        run.Output.ShouldContain("disagree: escalation-decides-the-next-statement under ddl-needs-trusted-chain: 4 of 5 operations agree");
        run.Output.ShouldContain("alice: EXECUTE FUNCTION: predicted allowed, actual absent");
        run.Output.ShouldContain("chain: statement \"SELECT mallory.f_audit() FROM pg_roles WHERE ro…\" (alice, execution) > function mallory.f_audit() (mallory, execution)");
        run.Output.ShouldContain("agreement: 80.0% (4 of 5 compared operations); 0 of 1 cells agree, 1 disagree, 0 could not run");
        run.Output.ShouldNotContain("tls_");
        run.Error.ShouldContain("error: 1 of 1 cells of the agreement matrix disagree");
        run.Error.ShouldContain("detail: escalation-decides-the-next-statement under ddl-needs-trusted-chain.");
        run.Error.ShouldNotContain("   at ");
    }

    private async Task<long> CountAsync(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(cluster.Superuser("postgres"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
