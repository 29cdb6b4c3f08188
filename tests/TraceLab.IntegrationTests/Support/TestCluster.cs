using Npgsql;
using TraceLab.Events;
using TraceLab.Recorder.Hosting;

[assembly: AssemblyFixture(typeof(TraceLab.IntegrationTests.Support.TestCluster))]

namespace TraceLab.IntegrationTests.Support;

/// <summary>The PostgreSQL 15 server with the probe that every integration test records on.</summary>
/// <remarks>
/// <para>First choice: the cluster <c>./scripts/test.sh</c> starts, named by <c>TRACELAB_TEST_DB</c> (an Npgsql connection
/// string of the event-store database as the bootstrap superuser) and <c>TRACELAB_TEST_SPOOL</c> (its spool directory).
/// Second: a container built from docker/postgres/Dockerfile where a Docker engine runs. Otherwise every test fails
/// with a message that names the command which starts the cluster (Marten's ConnectionSource does the same).</para>
/// </remarks>
public sealed class TestCluster : IAsyncLifetime
{
    private readonly SemaphoreSlim ingesting = new(1, 1);
    private ContainerCluster? container;
    private Exception? unavailable;
    private RecorderHost? recorder;

    /// <summary>Npgsql connection string of the event store, as the bootstrap superuser.</summary>
    public string EventStore => Require().EventStore;

    /// <summary>The server's spool directory, readable by this process.</summary>
    public string SpoolDirectory => Require().SpoolDirectory;

    private (string EventStore, string SpoolDirectory)? resolved;

    /// <summary>A superuser connection string to <paramref name="database"/> on the recorded server.</summary>
    public string Superuser(string database) =>
        new NpgsqlConnectionStringBuilder(EventStore) { Database = database, Pooling = false }.ConnectionString;

    /// <summary>Runs <paramref name="sql"/> as a superuser in database postgres, unrecorded (databases and roles the
    /// tests create and drop are not traffic under test).</summary>
    public async Task AdminAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(Superuser("postgres")) { Options = "-c tracelab.enabled=off" }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask InitializeAsync()
    {
        var database = Environment.GetEnvironmentVariable("TRACELAB_TEST_DB");
        var spool = Environment.GetEnvironmentVariable("TRACELAB_TEST_SPOOL");
        if (!string.IsNullOrEmpty(database) && !string.IsNullOrEmpty(spool))
        {
            resolved = (database, spool);
            return;
        }

        try
        {
            container = await ContainerCluster.StartAsync(TestContext.Current.CancellationToken);
            resolved = (container.EventStore, container.SpoolDirectory);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            unavailable = e;
        }
    }

    /// <summary>Ingests the spool directory (one ingestion at a time, on one shared Recorder) and returns the events of
    /// <paramref name="sessionId"/> in order.</summary>
    public async Task<List<IRecordedFrame>> IngestAndReadAsync(string sessionId, CancellationToken ct)
    {
        await ingesting.WaitAsync(ct);
        try
        {
            recorder ??= await RecorderHost.StartAsync(EventStore, ct);
            var summary = await recorder.Ingestor.IngestOnceAsync(SpoolDirectory, ct);
            if (summary.Errors.Count > 0)
            {
                throw summary.Errors[0];
            }

            var events = new List<IRecordedFrame>();
            await foreach (var e in recorder.Sessions.ReadEventsAsync(sessionId, ct))
            {
                events.Add(e);
            }

            return events;
        }
        finally
        {
            ingesting.Release();
        }
    }

    /// <summary>Ingests the spool directory and lists every recorded session.</summary>
    public async Task<IReadOnlyList<TraceLab.Store.RecordedSessionSummary>> IngestAndListAsync(CancellationToken ct)
    {
        await ingesting.WaitAsync(ct);
        try
        {
            recorder ??= await RecorderHost.StartAsync(EventStore, ct);
            await recorder.Ingestor.IngestOnceAsync(SpoolDirectory, ct);
            return await recorder.Sessions.ListSessionsAsync(ct);
        }
        finally
        {
            ingesting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (recorder is not null)
        {
            await recorder.DisposeAsync();
        }

        ingesting.Dispose();
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }

    private (string EventStore, string SpoolDirectory) Require() => resolved ?? throw new InvalidOperationException(
        "No PostgreSQL 15 server with the TraceLab probe for integration tests. Run them with ./scripts/test.sh, which starts "
        + "a private cluster and sets TRACELAB_TEST_DB and TRACELAB_TEST_SPOOL, or start a Docker engine. (Testcontainers: "
        + unavailable?.Message.Split('\n')[0] + ")", unavailable);
}
