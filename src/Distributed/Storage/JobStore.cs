using JasperFx;
using Marten;

namespace TraceLab.Distributed.Storage;

/// <summary>The Marten store of distributed replays: runs, per-session results and failures, in their own schema
/// beside the event store's, where Wolverine keeps its queue and inbox too.</summary>
/// <remarks>A schema of its own keeps the event store's schema as it is (a reader with SELECT on it only can still
/// replay), and lets an operator drop every trace of distributed replays at once.</remarks>
public static class JobStore
{
    /// <summary>The PostgreSQL schema of the job tables, Wolverine's and Marten's.</summary>
    public const string SchemaName = "tracelab_jobs";

    /// <summary>A document store for the job documents in the event-store database at
    /// <paramref name="connectionString"/>; its tables are created on first use.</summary>
    public static DocumentStore Create(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = SchemaName;
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            options.Schema.For<ReplayRunDocument>();
            options.Schema.For<SessionResultDocument>().Index(d => d.RunId);
            options.Schema.For<JobFailureDocument>().Index(d => d.RunId);
        });
    }
}
