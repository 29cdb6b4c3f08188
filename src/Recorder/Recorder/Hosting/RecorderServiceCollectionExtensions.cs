using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceLab.Recorder.Ingest;
using TraceLab.Statistics;
using TraceLab.Store;
using Wolverine;
using Wolverine.ErrorHandling;

namespace TraceLab.Recorder.Hosting;

/// <summary>Registers the Recorder: Marten (through <see cref="TraceLabStore"/>), Wolverine with the ingest handler,
/// <see cref="SpoolIngestor"/> and <see cref="RecordedSessionReader"/>.</summary>
public static class RecorderServiceCollectionExtensions
{
    private static readonly string[] QuietCategories = ["Wolverine", "Marten", "JasperFx", "Weasel", "Npgsql"];

    /// <summary>Registers the Recorder on a host builder, with the event store at
    /// <paramref name="eventStoreConnectionString"/>.</summary>
    public static IHostApplicationBuilder AddTraceLabRecorder(
        this IHostApplicationBuilder builder,
        string eventStoreConnectionString,
        string schemaName = TraceLabStore.DefaultSchemaName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTraceLabRecorder(options =>
        {
            options.EventStoreConnectionString = eventStoreConnectionString;
            options.SchemaName = schemaName;
        });
        return builder;
    }

    /// <summary>Registers the Recorder; <paramref name="configure"/> sets its <see cref="RecorderOptions"/> (also
    /// bindable from <see cref="RecorderOptions.SectionName"/>).</summary>
    /// <remarks>
    /// <para>Wolverine runs as an in-process mediator only (<see cref="DurabilityMode.MediatorOnly"/>): the ingestor
    /// awaits each batch with <c>IMessageBus.InvokeAsync</c>, and the checkpoint in the event store, not a
    /// Wolverine inbox, makes ingestion durable. Wolverine generates its handler adapter at run time (Dynamic mode,
    /// hence the WolverineFx.RuntimeCompilation reference; about a second on the first message). To add handlers or
    /// transports of your own, use <c>services.ConfigureWolverine(...)</c>: Wolverine may be added only once.</para>
    /// <para>Handlers that fail on a transient store error (<see cref="TransientStoreErrors"/>) are retried by Wolverine
    /// with cooldowns, inline: a store restarting under <c>record --once</c> costs a pause, not the run.</para>
    /// <para>The event-store schema is created or updated when the host starts, so a wrong connection string fails
    /// there. Wolverine, Marten, JasperFx, Weasel and Npgsql log at Warning and above only: the CLI prints its own
    /// output.</para>
    /// </remarks>
    public static IServiceCollection AddTraceLabRecorder(this IServiceCollection services, Action<RecorderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<RecorderOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecorderOptions>, RecorderOptionsValidator>());

        services.AddLogging(logging =>
        {
            foreach (var category in QuietCategories)
            {
                logging.AddFilter(category, LogLevel.Warning);
            }
        });

        var marten = services.AddMarten(provider =>
        {
            var options = provider.GetRequiredService<IOptions<RecorderOptions>>().Value;
            var store = new StoreOptions();
            TraceLabStore.Configure(store, options.EventStoreConnectionString, options.SchemaName);
            return store;
        }).ApplyAllDatabaseChangesOnStartup();

        // The chain-shape statistics are kept by Marten's async daemon, which runs wherever the Recorder runs, unless
        // the options say not to (a benchmark of the ingest path alone). Whether to register it is decided now, so
        // the options are applied once here as well.
        var registration = new RecorderOptions();
        configure(registration);
        if (registration.KeepChainShapeStatistics)
        {
            marten.AddChainShapeStatistics();
        }

        services.AddWolverine(ExtensionDiscovery.ManualOnly, wolverine =>
        {
            wolverine.Durability.Mode = DurabilityMode.MediatorOnly;

            // Extension discovery is off (it scans every loaded assembly), so the runtime compiler that Dynamic
            // codegen needs is registered by hand.
            wolverine.UseRuntimeCompilation();
            // The Recorder's handlers live here, whichever program hosts it (the tracelab CLI, a test project).
            wolverine.ApplicationAssembly = typeof(IngestSpoolBlocksHandler).Assembly;
            wolverine.Discovery.IncludeAssembly(typeof(IngestSpoolBlocksHandler).Assembly);

            // A store that goes away for a moment is waited for by Wolverine, inline in InvokeAsync, batch by batch:
            // the handlers are idempotent (see TransientStoreErrors), so exactly-once holds through any retry.
            wolverine.Policies.OnException(TransientStoreErrors.Matches, "a transient error of the event store")
                .RetryWithCooldown(TransientStoreErrors.Cooldowns);
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SpoolIngestor>();
        services.TryAddSingleton<RecordedSessionReader>();
        return services;
    }
}
