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

    [Fact]
    public void The_multi_node_profile_has_two_probe_servers_each_with_its_recorder_one_shared_store_and_workers()
    {
        var multiNode = Services.Children
            .Where(s => ((YamlMappingNode)s.Value).Children.TryGetValue(new YamlScalarNode("profiles"), out var p)
                && ((YamlSequenceNode)p).Children.OfType<YamlScalarNode>().Any(v => v.Value == "multi-node"))
            .Select(s => ((YamlScalarNode)s.Key).Value)
            .Order(StringComparer.Ordinal)
            .ToList();
        multiNode.ShouldBe(["postgres-a", "postgres-b", "recorder-a", "recorder-b", "store", "worker"]);

        // Both probe servers are the default server's image, settings and healthcheck (YAML aliases of its nodes)
        var postgres = (YamlMappingNode)Services["postgres"];
        foreach (var server in new[] { "postgres-a", "postgres-b" })
        {
            var node = (YamlMappingNode)Services[server];
            node["build"].ShouldBeSameAs(postgres["build"]);
            node["healthcheck"].ShouldBeSameAs(postgres["healthcheck"]);
        }

        // Each recorder reads its own server's spool and appends to the one store, starting once both are healthy
        var store = Scalar(Services["recorder-a"], "environment", "TRACELAB_CONNECTION").ShouldNotBeNull();
        store.ShouldContain("Host=store;");
        foreach (var (recorder, server, spool) in new[] { ("recorder-a", "postgres-a", "spool-a"), ("recorder-b", "postgres-b", "spool-b") })
        {
            var node = (YamlMappingNode)Services[recorder];
            Scalar(node, "environment", "TRACELAB_CONNECTION").ShouldBe(store);
            ((YamlSequenceNode)node["volumes"]).Children.OfType<YamlScalarNode>().Single().Value
                .ShouldBe($"{spool}:/var/lib/tracelab/spool:ro");
            ((YamlSequenceNode)((YamlMappingNode)Services[server])["volumes"]).Children.OfType<YamlScalarNode>()
                .ShouldContain(v => v.Value == $"{spool}:/var/lib/tracelab/spool");
            Scalar(node, "depends_on", server, "condition").ShouldBe("service_healthy");
            Scalar(node, "depends_on", "store", "condition").ShouldBe("service_healthy");
        }

        // Two workers on the same store
        var worker = (YamlMappingNode)Services["worker"];
        ((YamlSequenceNode)worker["command"]).Children.OfType<YamlScalarNode>().Select(v => v.Value).ShouldBe(["worker"]);
        Scalar(worker, "environment", "TRACELAB_CONNECTION").ShouldBe(store);
        Scalar(worker, "deploy", "replicas").ShouldBe("2");
    }

    private static string? Scalar(YamlNode node, params string[] path) =>
        ((YamlScalarNode)path.Aggregate(node, (n, key) => ((YamlMappingNode)n)[key])).Value;

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
