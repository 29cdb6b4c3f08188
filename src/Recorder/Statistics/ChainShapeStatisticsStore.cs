using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;

namespace TraceLab.Statistics;

/// <summary>Where the chain-shape statistics live in the event store, and how a host keeps them.</summary>
public static class ChainShapeStatisticsStore
{
    /// <summary>The projection's name, and the first part of its row in <c>mt_event_progression</c>.</summary>
    public const string ProjectionName = "chain_shapes";

    /// <summary>The document table's name without its schema (Marten prefixes the alias with <c>mt_doc_</c>).</summary>
    public const string TableName = "mt_doc_chain_shape_statistics";

    /// <summary>The projection's progress row in <c>mt_event_progression</c>: its one shard, <c>{name}:All</c>.</summary>
    public const string ShardIdentity = ProjectionName + ":All";

    /// <summary>Maps the documents, for readers; adds no projection.</summary>
    public static void RegisterDocuments(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Schema.For<ChainShapeStatistics>().DocumentAlias("chain_shape_statistics");
    }

    /// <summary>Maps the documents and adds <see cref="ChainShapeProjection"/> as an asynchronous projection (it runs only
    /// where the async daemon runs).</summary>
    public static void AddProjection(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RegisterDocuments(options);
        options.Projections.Add(
            new ChainShapeProjection(),
            ProjectionLifecycle.Async,
            ProjectionName,
            async => async.DeleteViewTypeOnTeardown<ChainShapeStatistics>());
    }

    /// <summary>Adds the projection to the host's store and runs Marten's async daemon in this process, in hot/cold mode:
    /// several recorders on one store (several spool directories, or two on one directory, which README allows) elect
    /// one of them, by an advisory lock, to run the projection, and another takes over when it stops. Each event is
    /// counted once either way, since progress is committed with the documents; the election spares the others the
    /// failed, retried pages of a race.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddChainShapeStatistics(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        ArgumentNullException.ThrowIfNull(marten);
        marten.Services.ConfigureMarten(AddProjection);
        return marten.AddAsyncDaemon(DaemonMode.HotCold);
    }
}
