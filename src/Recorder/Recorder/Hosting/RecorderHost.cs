using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceLab.Recorder.Ingest;
using TraceLab.Store;

namespace TraceLab.Recorder.Hosting;

/// <summary>A started Recorder for a command-line tool: the ingestor and the session reader over one event store.</summary>
/// <remarks>
/// <para>A thin host built without configuration files, environment variables or default logging, so that it reads
/// nothing the caller did not pass. Dispose it to stop Wolverine and release the store's connections.</para>
/// <code>
/// await using var recorder = await RecorderHost.StartAsync(connectionString, ct);
/// var summary = await recorder.Ingestor.IngestOnceAsync(spoolDirectory, ct);
/// foreach (var s in await recorder.Sessions.ListSessionsAsync(ct)) { ... }
/// await foreach (var e in recorder.Sessions.ReadEventsAsync(sessionId, ct)) { ... }
/// </code>
/// </remarks>
public sealed class RecorderHost : IAsyncDisposable
{
    private readonly IHost host;

    private RecorderHost(IHost host)
    {
        this.host = host;
        Ingestor = host.Services.GetRequiredService<SpoolIngestor>();
        Sessions = host.Services.GetRequiredService<RecordedSessionReader>();
    }

    /// <summary>Ingests spool directories, once or following them.</summary>
    public SpoolIngestor Ingestor { get; }

    /// <summary>Lists recorded sessions and streams their events.</summary>
    public RecordedSessionReader Sessions { get; }

    /// <summary>The host's services, for anything else (for example <c>IDocumentStore</c>).</summary>
    public IServiceProvider Services => host.Services;

    /// <summary>Starts a Recorder on the event store at <paramref name="eventStoreConnectionString"/>, in the
    /// <c>tracelab</c> schema, logging warnings and errors to standard error (one <c>warning:</c> or <c>error:</c>
    /// line each, no stack traces, nothing that repeats an exception this host throws to its caller).</summary>
    /// <exception cref="Npgsql.NpgsqlException">The event store cannot be reached or its schema cannot be created.</exception>
    public static Task<RecorderHost> StartAsync(string eventStoreConnectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventStoreConnectionString);
        return StartAsync(o => o.EventStoreConnectionString = eventStoreConnectionString, null, cancellationToken);
    }

    /// <summary>Starts a Recorder with the given options.</summary>
    /// <param name="configure">Sets the options; <see cref="RecorderOptions.EventStoreConnectionString"/> is required.</param>
    /// <param name="configureLogging">Replaces the default logging (warnings and errors on standard error, as
    /// described above), for example with <c>l =&gt; l.ClearProviders()</c> to log nothing.</param>
    public static async Task<RecorderHost> StartAsync(
        Action<RecorderOptions> configure,
        Action<ILoggingBuilder>? configureLogging = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = typeof(RecorderHost).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });

        if (configureLogging is null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(new StandardErrorLoggerProvider());
        }
        else
        {
            configureLogging(builder.Logging);
        }

        builder.Services.AddTraceLabRecorder(configure);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await HostDisposal.DisposeAsync(host);
            throw;
        }

        return new RecorderHost(host);
    }

    /// <summary>Stops Wolverine and disposes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync();
        }
        finally
        {
            await HostDisposal.DisposeAsync(host);
        }
    }
}
