using System.Text.Json;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>The shipped catalogue under <c>scenarios/</c>, run by <c>tracelab suite run</c> under every built-in policy
/// on the test cluster: every attack and benign scenario does on stock PostgreSQL what it says, and every policy does
/// what the scenario expects of it.</summary>
public sealed class CatalogueSuiteTests(TestCluster cluster)
{
    [Fact]
    public async Task Every_scenario_of_the_catalogue_passes_under_every_built_in_policy()
    {
        var run = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore },
            "suite", "run", Path.Combine(CheckoutRoot.Path, "scenarios"), "-j", "2", "-f", "json", "-q");

        using var json = JsonDocument.Parse(run.Output);
        var failures = json.RootElement.GetProperty("scenarios").EnumerateArray()
            .Where(s => s.GetProperty("status").GetString() != "passed")
            .Select(Describe)
            .ToList();
        failures.ShouldBeEmpty(run.Error);
        run.ExitCode.ShouldBe(0, run.Error);
        json.RootElement.GetProperty("scenarios").GetArrayLength().ShouldBeGreaterThan(0);
    }

    /// <summary>One line per problem of a scenario that did not pass, for the failure message.</summary>
    private static string Describe(JsonElement scenario)
    {
        var id = scenario.GetProperty("id").GetString();
        if (scenario.GetProperty("error") is { ValueKind: JsonValueKind.Object } error)
        {
            return $"{id}: could not run at {error.GetProperty("where")}: {error.GetProperty("message")} {error.GetProperty("detail")}";
        }

        var problems = scenario.GetProperty("policies").EnumerateObject()
            .Where(p => p.Value.GetProperty("cell").GetString() == "mismatch")
            .Select(p => $"{p.Name} expected {p.Value.GetProperty("expected")} but was {p.Value.GetProperty("actual")}")
            .ToList();
        if (scenario.GetProperty("reality") is { ValueKind: JsonValueKind.Object } reality && reality.GetProperty("status").GetString() != "ok")
        {
            problems.Add($"reality expected \"{reality.GetProperty("expected")}\" but was \"{reality.GetProperty("actual")}\"");
        }

        return $"{id}: {string.Join("; ", problems)}";
    }
}
