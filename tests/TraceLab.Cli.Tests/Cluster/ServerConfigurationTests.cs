using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Tests.Cluster;

public sealed class ServerConfigurationTests : IDisposable
{
    private readonly DirectoryInfo state = Directory.CreateTempSubdirectory("tracelab-config-");
    private readonly ClusterLayout layout;

    public ServerConfigurationTests()
    {
        layout = ClusterLayout.Existing(state.FullName);
        Directory.CreateDirectory(layout.DataDirectory);
        File.WriteAllText(Path.Combine(layout.DataDirectory, "postgresql.conf"), "# initdb's file\n");
    }

    public void Dispose() => state.Delete(recursive: true);

    [Fact]
    public void Listens_on_loopback_only_and_preloads_the_probe_from_the_private_library_directory()
    {
        ServerConfiguration.Write(layout, 25999);

        var settings = File.ReadAllText(Path.Combine(layout.DataDirectory, "tracelab.conf"));
        settings.ShouldContain("listen_addresses = '127.0.0.1'");
        settings.ShouldContain("port = 25999");
        settings.ShouldContain("unix_socket_permissions = 0700");
        settings.ShouldContain("shared_preload_libraries = 'tracelab_probe'");
        settings.ShouldContain($"dynamic_library_path = '{layout.LibraryDirectory}:$libdir'");
        settings.ShouldContain($"tracelab.spool_directory = '{layout.SpoolDirectory}'");
        File.ReadAllText(Path.Combine(layout.DataDirectory, "postgresql.conf")).ShouldContain("include_if_exists = 'tracelab.conf'");
    }

    [Fact]
    public void Trusts_only_the_socket_directory_and_asks_tcp_for_a_password()
    {
        ServerConfiguration.Write(layout, 25999);

        var rules = File.ReadAllLines(Path.Combine(layout.DataDirectory, "pg_hba.conf"))
            .Where(l => !l.StartsWith('#'))
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        rules.ShouldBe(["local all all trust", "host all all 127.0.0.1/32 scram-sha-256"]);
    }

    [Fact]
    public void Reports_a_change_only_when_something_changed()
    {
        ServerConfiguration.Write(layout, 25999).ShouldBeTrue();
        ServerConfiguration.Write(layout, 25999).ShouldBeFalse();
        ServerConfiguration.Write(layout, 26000).ShouldBeTrue();
    }

    [Fact]
    public void Quotes_paths_with_apostrophes()
    {
        var odd = ClusterLayout.Existing(Path.Combine(state.FullName, "it's"));
        Directory.CreateDirectory(odd.DataDirectory);
        File.WriteAllText(Path.Combine(odd.DataDirectory, "postgresql.conf"), "");

        ServerConfiguration.Write(odd, 25999);

        File.ReadAllText(Path.Combine(odd.DataDirectory, "tracelab.conf")).ShouldContain("it''s");
    }
}
