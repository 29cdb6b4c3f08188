using System.Text.RegularExpressions;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using TraceLab.Events;

namespace TraceLab.Store;

/// <summary>The Marten configuration that the Recorder (writes) and the Replayer and CLI (reads) share.</summary>
/// <remarks>
/// One event stream per recorded session, keyed by the session id (the spool file's base name, such as
/// <c>12345-1795889206123456</c>). The Recorder appends a session's frames in batches (<see cref="FrameBatch"/>), and
/// keeps a <see cref="RecordedSessionView"/> per stream inline for the listing. Events are stored as JSON under Marten's default type names (the class name in
/// snake_case: <c>session_started</c>), so renaming an event record changes the stored contract. Schema objects are
/// created or updated on first use by stores built with <see cref="Create"/> (the Recorder's); a store built with
/// <see cref="CreateForReading"/> never creates or changes one, so that a role allowed only to read can use it
/// (<see cref="TraceLabSchema"/> creates the schema explicitly and says whether a reader can use it). Every table lives in one PostgreSQL schema, <see cref="DefaultSchemaName"/> unless
/// another is given; tests use a schema of their own so that they can share a server.
/// </remarks>
public static partial class TraceLabStore
{
    /// <summary>The PostgreSQL schema that holds the event store unless another is given.</summary>
    public const string DefaultSchemaName = "tracelab";

    /// <summary>Applies TraceLab's event-store configuration to Marten options.</summary>
    /// <param name="options">The options to configure, for example those of <c>services.AddMarten(...)</c>.</param>
    /// <param name="connectionString">An Npgsql connection string to the event-store database.</param>
    /// <param name="schemaName">The PostgreSQL schema for every table: lower-case letters, digits and underscores.</param>
    public static void Configure(StoreOptions options, string connectionString, string schemaName = DefaultSchemaName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ValidateSchemaName(schemaName);

        options.Connection(connectionString);
        options.DatabaseSchemaName = schemaName;
        options.Events.DatabaseSchemaName = schemaName;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AddEventTypes(RecordedEventTypes.All);
        options.Events.AddEventType<FrameBatch>();
        options.Events.AddEventType<SpoolFileQuarantined>();
        options.Schema.For<SpoolCheckpoint>().UseOptimisticConcurrency(true);
        options.Projections.Add(new RecordedSessionViewProjection(), ProjectionLifecycle.Inline);
    }

    /// <summary>Builds a document store for the event store at <paramref name="connectionString"/>.</summary>
    /// <remarks>The caller owns the store and disposes it. Hosted code should use <c>AddMarten</c> with
    /// <see cref="Configure"/> instead, so that the container owns it.</remarks>
    public static DocumentStore Create(string connectionString, string schemaName = DefaultSchemaName) =>
        DocumentStore.For(options => Configure(options, connectionString, schemaName));

    /// <summary>Builds a document store that only reads the event store at <paramref name="connectionString"/>: it
    /// never creates, alters or replaces a schema object, not even on first use.</summary>
    /// <param name="connectionString">An Npgsql connection string to the event-store database.</param>
    /// <param name="schemaName">The PostgreSQL schema of the event store.</param>
    /// <param name="configure">More mappings for readers of other documents (the chain-shape statistics).</param>
    /// <remarks>Marten's default (<see cref="AutoCreate.CreateOrUpdate"/>) compares the configured schema with the
    /// database on first use and patches what differs; a role with SELECT only then fails with "must be owner of table
    /// ...". Check <see cref="TraceLabSchema.InspectAsync"/> first for a clear error on a store without the schema.</remarks>
    public static DocumentStore CreateForReading(
        string connectionString, string schemaName = DefaultSchemaName, Action<StoreOptions>? configure = null) =>
        DocumentStore.For(options =>
        {
            Configure(options, connectionString, schemaName);
            options.AutoCreateSchemaObjects = AutoCreate.None;
            configure?.Invoke(options);
        });

    /// <summary>Throws unless <paramref name="schemaName"/> is a plain, unquoted PostgreSQL identifier.</summary>
    public static void ValidateSchemaName(string schemaName)
    {
        ArgumentNullException.ThrowIfNull(schemaName);
        if (!SchemaNamePattern().IsMatch(schemaName))
        {
            throw new ArgumentException(
                $"Schema name \"{schemaName}\" is not a plain PostgreSQL identifier "
                + "(lower-case letters, digits and underscores, at most 63 characters, not starting with a digit).",
                nameof(schemaName));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaNamePattern();
}
