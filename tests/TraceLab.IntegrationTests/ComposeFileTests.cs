using System.Diagnostics;
using Npgsql;
using TraceLab.IntegrationTests.Support;
using YamlDotNet.RepresentationModel;

namespace TraceLab.IntegrationTests;

/// <summary><c>docker-compose.yml</c> without Docker: its keys, and its healthcheck run as Docker would run it, against
/// the real test cluster.</summary>
public sealed class ComposeFileTests(TestCluster cluster)
{
    private static readonly YamlMappingNode Services = LoadServices();

    [Fact]
    public void The_recorder_is_restarted_and_starts_only_once_the_server_is_healthy()
    {
        var recorder = (YamlMappingNode)Services["recorder"];

        ((YamlScalarNode)recorder["restart"]).Value.ShouldBe("unless-stopped");
        var postgres = (YamlMappingNode)((YamlMappingNode)recorder["depends_on"])["postgres"];
        ((YamlScalarNode)postgres["condition"]).Value.ShouldBe("service_healthy");
    }

    [Fact]
    public async Task The_healthcheck_passes_over_tcp_once_the_event_store_database_exists_and_fails_without_a_tcp_server()
    {
        // Given the healthcheck as Docker runs it: a shell command, with $$ standing for $
        var test = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Services["postgres"])["healthcheck"])["test"];
        ((YamlScalarNode)test[0]).Value.ShouldBe("CMD-SHELL");
        var command = ((YamlScalarNode)test[1]).Value.ShouldNotBeNull().Replace("$$", "$", StringComparison.Ordinal);
        command.ShouldContain("-h 127.0.0.1");

        // When it runs against a server that listens on 127.0.0.1 and has tracelab_events, and against a port where
        // nothing listens over TCP (the image's temporary init server listens on its socket only)
        var server = new NpgsqlConnectionStringBuilder(cluster.EventStore);
        var healthy = await RunAsync(command, server.Port, server.Password ?? "");
        var closed = await RunAsync(command, 1, server.Password ?? "");

        // Then only the first passes
        healthy.ShouldBe(0);
        closed.ShouldNotBe(0);
    }

    /// <summary>Runs <paramref name="command"/> with <c>sh -c</c> as the container would (its environment: the
    /// superuser's password; the port through PGPORT, 5432 in the container).</summary>
    private static async Task<int> RunAsync(string command, int port, string password)
    {
        var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        info.Environment["PGPORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["POSTGRES_PASSWORD"] = password;
        info.Environment.Remove("PGHOST");
        info.Environment.Remove("PGPASSWORD");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start sh.");
        await Task.WhenAll(
            process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken),
            process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken),
            process.WaitForExitAsync(TestContext.Current.CancellationToken));
        return process.ExitCode;
    }

    private static YamlMappingNode LoadServices()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(CheckoutRoot.Path, "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }
}
