using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;
using Npgsql;
using Testcontainers.PostgreSql;

namespace TraceLab.IntegrationTests.Support;

/// <summary>PostgreSQL 15 with the probe in a container (docker/postgres/Dockerfile), for machines with a Docker engine.</summary>
/// <remarks>The spool directory is a bind mount of a temporary host directory; the server writes its files as the
/// container's postgres user with mode 0600, so this process must run as root to read them.</remarks>
internal sealed class ContainerCluster : IAsyncDisposable
{
    private const string SpoolInContainer = "/var/lib/tracelab/spool";

    private readonly PostgreSqlContainer container;
    private readonly DirectoryInfo spool;

    private ContainerCluster(PostgreSqlContainer container, DirectoryInfo spool)
    {
        this.container = container;
        this.spool = spool;
    }

    public string EventStore =>
        new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "tracelab_events" }.ConnectionString;

    public string SpoolDirectory => spool.FullName;

    public static async Task<ContainerCluster> StartAsync(CancellationToken ct)
    {
        var image = new ImageFromDockerfileBuilder()
            .WithDockerfileDirectory(CheckoutRoot.Path)
            .WithDockerfile("docker/postgres/Dockerfile")
            .WithName("tracelab-postgres-probe:test")
            .Build();
        await image.CreateAsync(ct);

        var spool = Directory.CreateTempSubdirectory("tracelab-spool-");
        File.SetUnixFileMode(spool.FullName, (UnixFileMode)0b111_111_111);
        var container = new PostgreSqlBuilder(image)
            .WithBindMount(spool.FullName, SpoolInContainer)
            .WithCommand("-c", "shared_preload_libraries=tracelab_probe", "-c", $"tracelab.spool_directory={SpoolInContainer}")
            .Build();
        await container.StartAsync(ct);
        return new ContainerCluster(container, spool);
    }

    public async ValueTask DisposeAsync()
    {
        await container.DisposeAsync();
        spool.Delete(recursive: true);
    }
}
