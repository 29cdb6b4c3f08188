using Marten;
using Npgsql;
using TraceLab.Statistics;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary>Creates or updates every table, function and sequence of the TraceLab schema, the chain-shape statistics
/// included, exactly as <c>tracelab record</c> would on its first run.</summary>
internal static class EventStoreMigration
{
    /// <summary>Migrates the event store at <paramref name="connectionString"/>, handing each change to
    /// <paramref name="eachChange"/>; returns one line that says where the schema is and whether anything changed.</summary>
    public static async Task<string> RunAsync(string connectionString, Action<string>? eachChange, CancellationToken ct)
    {
        await using var store = DocumentStore.For(options =>
        {
            TraceLabStore.Configure(options, connectionString);
            ChainShapeStatisticsStore.RegisterDocuments(options);
        });
        IReadOnlyList<string> changes;
        try
        {
            changes = await TraceLabSchema.MigrateAsync(store, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && Innermost(e) is PostgresException pg)
        {
            throw CliException.Create(
                $"could not migrate the TraceLab schema: {pg.MessageText}",
                $"The server refused a change to schema \"{store.Options.Events.DatabaseSchemaName}\" (SQLSTATE {pg.SqlState}).",
                "Run \"tracelab store migrate\" as a role that owns the schema's tables or may create them in the database.",
                e);
        }

        foreach (var change in changes)
        {
            eachChange?.Invoke(change);
        }

        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var where = $"schema \"{store.Options.Events.DatabaseSchemaName}\" of database \"{database}\"";
        return changes.Count == 0
            ? $"the TraceLab schema is up to date ({where}); nothing to change"
            : $"the TraceLab schema is up to date ({where}); {changes.Count} objects created or updated";
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
