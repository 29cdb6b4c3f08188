using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Both forms of connection string reach the same event store, through --connection and TRACELAB_CONNECTION.</summary>
public sealed class ConnectionStringFormTests(TestCluster cluster)
{
    [Fact]
    public async Task The_uri_form_lists_the_same_sessions_as_the_key_value_form()
    {
        // Given the test cluster's event store in both forms
        var store = new NpgsqlConnectionStringBuilder(cluster.EventStore);
        var uri = $"postgres://{Uri.EscapeDataString(store.Username ?? "")}:{Uri.EscapeDataString(store.Password ?? "")}"
                  + $"@{store.Host}:{store.Port}/{Uri.EscapeDataString(store.Database ?? "")}?application_name=tracelab%20test";

        // When sessions are listed with each (again, a few times, while other test classes record into the same
        // store and so change the list between two listings; a wrong store would never give the same list)
        CliResult keyValue = null!, option = null!, environment = null!;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            keyValue = await CliProcess.RunAsync(null, "sessions", "-f", "json", "-c", cluster.EventStore);
            option = await CliProcess.RunAsync(null, "sessions", "-f", "json", "--connection", uri);
            environment = await CliProcess.RunAsync(new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = uri }, "sessions", "--format", "json");
            if (option.Output == keyValue.Output && environment.Output == keyValue.Output)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }

        // Then each succeeds with the same list
        keyValue.ExitCode.ShouldBe(0, keyValue.Error);
        option.ExitCode.ShouldBe(0, option.Error);
        environment.ExitCode.ShouldBe(0, environment.Error);
        keyValue.Output.ShouldStartWith("{");
        option.Output.ShouldBe(keyValue.Output);
        environment.Output.ShouldBe(keyValue.Output);
    }

    [Fact]
    public async Task An_unknown_host_is_one_error_without_a_trace()
    {
        var result = await CliProcess.RunAsync(null, "sessions", "-c", "postgresql://postgres@tracelab-no-such-host.invalid:5432/tracelab_events");

        result.ExitCode.ShouldBe(1);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(3, result.Error);
        lines[0].ShouldStartWith("error: could not translate host name \"tracelab-no-such-host.invalid\" to address: ");
    }
}
