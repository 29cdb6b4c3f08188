using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceLab.Recorder.Hosting;
using Wolverine;
using TraceLab.Distributed.Storage;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;

namespace TraceLab.Distributed.Hosting;

/// <summary>A started Wolverine node on the job queue: a worker's (listening) or a coordinator's (publishing only).</summary>
/// <remarks>Built like the Recorder's host: no configuration files, no environment, warnings and errors on standard
/// error in tracelab's <c>warning:</c>/<c>error:</c> form, never a stack trace. Dispose it to leave the cluster
/// cleanly: Wolverine releases the node's inbox rows, which other workers then take.</remarks>
public sealed class NodeHost : IAsyncDisposable
{
    private static readonly string[] QuietCategories = ["Wolverine", "Marten", "JasperFx", "Weasel", "Npgsql", "Microsoft"];

    private readonly IHost host;

    private NodeHost(IHost host) => this.host = host;

    /// <summary>The node's message bus.</summary>
    public IMessageBus Bus => host.Services.GetRequiredService<IMessageBus>();

    /// <summary>The node's Wolverine runtime (its node id, the cluster's nodes).</summary>
    public IWolverineRuntime Runtime => host.Services.GetRequiredService<IWolverineRuntime>();

    /// <summary>The node's services.</summary>
    public IServiceProvider Services => host.Services;

    /// <summary>Starts a node on the event-store database at <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">The event-store database, in Npgsql's form.</param>
    /// <param name="ownLogLevel">The least level of TraceLab's own log lines.</param>
    /// <param name="libraryLogLevel">The least level of the libraries' log lines (a coordinator, which handles no
    /// message, takes Wolverine's warning that it found no handlers for granted).</param>
    /// <param name="services">Adds the node's services (a worker's <see cref="Jobs.ReplayWorker"/>).</param>
    /// <param name="wolverine">Adds to the shared <see cref="JobQueueSetup"/> setup (a worker's listener).</param>
    public static async Task<NodeHost> StartAsync(
        string connectionString,
        LogLevel ownLogLevel,
        LogLevel libraryLogLevel,
        Action<IServiceCollection> services,
        Action<WolverineOptions> wolverine,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(wolverine);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = typeof(NodeHost).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.SetMinimumLevel(ownLogLevel);
        foreach (var category in QuietCategories)
        {
            builder.Logging.AddFilter(category, libraryLogLevel);
        }

        builder.Logging.AddProvider(new StandardErrorLoggerProvider());
        services(builder.Services);
        builder.Services.AddWolverine(ExtensionDiscovery.ManualOnly, options =>
        {
            JobQueueSetup.Configure(options, connectionString);
            wolverine(options);
        });

        var host = builder.Build();
        try
        {
            // Wolverine's own tables (nodes, inbox, outbox, the queue) are created here rather than left to start-up:
            // a coordinator, which runs no durability agent, would otherwise find no node table on a store no worker
            // has used yet, and nodes started together would race to create them.
            // Creating the queue's tables, Wolverine writes the DDL it runs to standard output, which is the
            // coordinator's report: standard output is silenced while the node starts (nothing else writes then).
            var standardOutput = Console.Out;
            Console.SetOut(TextWriter.Null);
            try
            {
                var messages = host.Services.GetRequiredService<IMessageStore>();
                await JobStore.WithTableCreationLockAsync(connectionString, () => messages.Admin.MigrateAsync(), cancellation);
                await host.StartAsync(cancellation);
            }
            finally
            {
                Console.SetOut(standardOutput);
            }
        }
        catch
        {
            await HostDisposal.DisposeAsync(host);
            throw;
        }

        return new NodeHost(host);
    }

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
