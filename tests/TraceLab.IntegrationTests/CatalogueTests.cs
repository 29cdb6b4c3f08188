using System.Text.Json;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>The shipped catalogue (<c>scenarios/</c>) through <c>tracelab suite run</c>, as a user's CI job runs it: real
/// psql sessions on the test cluster with the real probe, ingest into the real store, replay under every built-in
/// policy. One test per scenario, so a failing attack names itself.</summary>
/// <remarks>The catalogue runs once, the first time a test needs it: running each file through its own process would
/// pay the CLI's start and the recorder's start fifty times over.</remarks>
public sealed class CatalogueTests(TestCluster cluster)
{
    private static readonly string Root = Path.Combine(CheckoutRoot.Path, "scenarios");
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static CatalogueRun? run;

    public static TheoryData<string> Scenarios() =>
    [
        .. Directory.EnumerateFiles(Root, "*.sql", SearchOption.AllDirectories)
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_scenario_matches_its_expectations(string id)
    {
        var catalogue = await RunOnceAsync();

        catalogue.Scenarios.TryGetValue(id, out var scenario).ShouldBeTrue($"scenario {id} is not in the report:\n{catalogue.Error}");
        var status = scenario.GetProperty("status").GetString();
        status.ShouldBe("passed", $"{id}: {status}\n{Describe(scenario)}\n{catalogue.Error}");
    }

    [Fact]
    public async Task The_run_exits_0_and_leaves_nothing_behind()
    {
        var catalogue = await RunOnceAsync();

        catalogue.ExitCode.ShouldBe(0, catalogue.Error);
        catalogue.Scenarios.Count.ShouldBe(Scenarios().Count);
        await using var connection = new Npgsql.NpgsqlConnection(cluster.Superuser("postgres"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_database WHERE datname = ANY($1)", connection);
        command.Parameters.AddWithValue(catalogue.Scenarios.Values.Select(s => s.GetProperty("database").GetString()!).ToArray());
        ((long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).ShouldBe(0);
    }

    private async Task<CatalogueRun> RunOnceAsync()
    {
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (run is null)
            {
                var result = await CliProcess.RunAsync(
                    new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore },
                    "suite", "run", Root, "--format", "json", "--quiet", "--jobs", "2");
                using var json = JsonDocument.Parse(result.Output.Length > 0 ? result.Output : "{\"scenarios\": []}");
                var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray()
                    .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.Clone());
                run = new CatalogueRun(result.ExitCode, result.Error, scenarios);
            }

            return run;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>What a failing scenario's report says: its error, its reality check and every cell that does not match.</summary>
    private static string Describe(JsonElement scenario)
    {
        var lines = new List<string>();
        if (scenario.GetProperty("error").ValueKind != JsonValueKind.Null)
        {
            lines.Add("error: " + scenario.GetProperty("error"));
        }

        if (scenario.GetProperty("reality").ValueKind == JsonValueKind.Object)
        {
            lines.Add("reality: " + scenario.GetProperty("reality"));
        }

        foreach (var policy in scenario.GetProperty("policies").EnumerateObject())
        {
            if (policy.Value.TryGetProperty("cell", out var cell) && cell.GetString() == "mismatch")
            {
                lines.Add($"{policy.Name}: expected {policy.Value.GetProperty("expected")}, actual {policy.Value.GetProperty("actual")}");
            }
        }

        return string.Join('\n', lines);
    }

    private sealed record CatalogueRun(int ExitCode, string Error, Dictionary<string, JsonElement> Scenarios);
}
