using System.Globalization;
using Marten;
using Npgsql;
using Weasel.Core;

namespace TraceLab.Store;

/// <summary>Whether a database holds the TraceLab schema, and its explicit creation: what <c>tracelab store
/// migrate</c>, <c>up</c> and <c>record</c> do, and read commands never do.</summary>
public static class TraceLabSchema
{
    /// <summary>The tables every reader of recorded sessions queries (events, streams, the session views), without
    /// their schema. Marten names a document's table <c>mt_doc_</c> plus its type name in lower case.</summary>
    public static readonly IReadOnlyList<string> ReaderTables = ["mt_events", "mt_streams", "mt_doc_recordedsessionview"];

    /// <summary>Which of <see cref="ReaderTables"/> the store's database lacks, in one catalog query that needs no
    /// privilege beyond connecting.</summary>
    public static async Task<SchemaInspection> InspectAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(quote_ident($2) || '.' || quote_ident(t)) IS NULL ORDER BY t",
            connection)
        {
            Parameters = { new() { Value = ReaderTables.ToArray() }, new() { Value = schema } },
        };
        var missing = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                missing.Add(reader.GetString(0));
            }
        }

        return new SchemaInspection(schema, connection.Database, missing);
    }

    /// <summary>Creates or updates every schema object <paramref name="store"/> is configured with, and returns what
    /// it changed (<c>create table tracelab.mt_events</c>), empty when the database already matched.</summary>
    /// <remarks>The store must be one that may create objects (<see cref="TraceLabStore.Create"/> or its options),
    /// with every mapping the schema should hold (the chain-shape statistics too).</remarks>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var migration = await store.Storage.Database.CreateMigrationAsync(cancellationToken);
        var changes = migration.Deltas
            .Where(d => d.Difference != SchemaPatchDifference.None)
            .Select(d => string.Create(CultureInfo.InvariantCulture,
                $"{Verb(d.Difference)} {Describe(d.SchemaObject, store.Options.Events.DatabaseSchemaName)}"))
            .ToList();
        if (changes.Count > 0)
        {
            await store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(null, null, cancellationToken);
        }

        return changes;
    }

    /// <summary>What a user calls <paramref name="schemaObject"/>: <c>table tracelab.mt_events</c>.</summary>
    /// <remarks>Weasel's objects are subclasses of Table, Function and Sequence; the creation of the schema itself is an
    /// object of its own, whose identifier is not the schema's name.</remarks>
    private static string Describe(ISchemaObject schemaObject, string schema)
    {
        for (var type = schemaObject.GetType(); type is not null; type = type.BaseType)
        {
            if (type.Name is "Table" or "Function" or "Sequence" or "View")
            {
                return $"{type.Name.ToLowerInvariant()} {schemaObject.Identifier}";
            }
        }

        return schemaObject.Identifier.Name == "Schemas" ? $"schema {schema}" : schemaObject.Identifier.ToString();
    }

    private static string Verb(SchemaPatchDifference difference) => difference switch
    {
        SchemaPatchDifference.Create => "created",
        SchemaPatchDifference.Update => "updated",
        _ => "replaced",
    };
}
