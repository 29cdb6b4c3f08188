using JasperFx;
using Marten;
using Npgsql;

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

    /// <summary>Creates or updates the job tables of <paramref name="store"/>, one process at a time.</summary>
    /// <remarks>Marten compares the schema with the database, then creates what is missing, without a lock: workers
    /// and coordinators started together on a new store would all find the tables missing, and all but one would fail
    /// with <c>relation "…" already exists</c>. A session-level advisory lock on the event-store database makes them
    /// take turns; the later ones find nothing to do.</remarks>
    public static async Task CreateTablesAsync(DocumentStore store, string connectionString, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(store);
        await WithTableCreationLockAsync(
            connectionString,
            () => store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(null, null, cancellation),
            cancellation);
    }

    /// <summary>Runs <paramref name="create"/> holding the job schema's table-creation lock, so that nodes started
    /// together on a new store create its tables one at a time (Marten's and Wolverine's creation checks what is
    /// missing, then creates it, without a lock of its own).</summary>
    public static async Task WithTableCreationLockAsync(string connectionString, Func<Task> create, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(create);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = TableCreationLock });
            await take.ExecuteNonQueryAsync(cancellation);
        }

        try
        {
            await create();
        }
        finally
        {
            // Released explicitly: a pooled connection keeps a session lock when it is closed.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            release.Parameters.Add(new NpgsqlParameter { Value = TableCreationLock });
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The advisory lock key of <see cref="WithTableCreationLockAsync"/> ("tracelab" in ASCII).</summary>
    private const long TableCreationLock = 0x7472_6163_656c_6162;
}
