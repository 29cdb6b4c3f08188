using Marten;
using Microsoft.Extensions.DependencyInjection;
using TraceLab.Recorder.Hosting;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>A started Recorder on a schema of its own, with an empty spool directory; both removed on dispose.</summary>
internal sealed class RecorderLab : IAsyncDisposable
{
    private readonly List<RecorderHost> hosts = [];
    private readonly TestDirectory spool = new();

    private RecorderLab(string schemaName)
    {
        SchemaName = schemaName;
    }

    public string SchemaName { get; }

    public string SpoolDirectory => spool.Path;

    public RecorderHost Host => hosts[0];

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public RecordedSessionReader Sessions => Host.Sessions;

    public static async Task<RecorderLab> StartAsync(int maxEventsPerBatch = 1000, Action<RecorderOptions>? configure = null)
    {
        var connectionString = TestDatabase.ConnectionString;
        var lab = new RecorderLab(TestDatabase.NewSchemaName());
        try
        {
            await lab.StartRecorderAsync(connectionString, maxEventsPerBatch, configure);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>Starts another Recorder (another host, another store) on the same schema, as a second process would.</summary>
    public Task<RecorderHost> StartAnotherRecorderAsync(int maxEventsPerBatch = 1000) =>
        StartRecorderAsync(TestDatabase.ConnectionString, maxEventsPerBatch);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable(TestDatabase.Variable) is { Length: > 0 })
        {
            await TestDatabase.DropSchemaAsync(SchemaName);
        }

        spool.Dispose();
    }

    private async Task<RecorderHost> StartRecorderAsync(
        string connectionString, int maxEventsPerBatch, Action<RecorderOptions>? configure = null)
    {
        var host = await RecorderHost.StartAsync(
            o =>
            {
                o.EventStoreConnectionString = connectionString;
                o.SchemaName = SchemaName;
                o.MaxEventsPerBatch = maxEventsPerBatch;
                configure?.Invoke(o);
            },
            cancellationToken: TestContext.Current.CancellationToken);
        hosts.Add(host);
        return host;
    }
}
