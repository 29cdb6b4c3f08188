using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary>The errors of a read against an event store that lacks the TraceLab schema, or part of it.</summary>
internal static class SchemaErrors
{
    /// <summary>Throws unless every table a reader needs exists.</summary>
    public static void ThrowUnlessReadable(SchemaInspection inspection)
    {
        if (inspection.IsAbsent)
        {
            throw CliException.Create(
                "the event store has no TraceLab schema",
                $"Database \"{inspection.Database}\" has no TraceLab tables in schema \"{inspection.Schema}\": nothing was "
                + "recorded into it yet.",
                "Run \"tracelab record\" to ingest spool files into it, or \"tracelab store migrate\" to create the empty schema.");
        }

        if (!inspection.IsComplete)
        {
            throw CliException.Create(
                "the event store's TraceLab schema is incomplete",
                $"Schema \"{inspection.Schema}\" of database \"{inspection.Database}\" lacks "
                + $"{string.Join(", ", inspection.MissingTables.Select(t => $"\"{t}\""))}: it was written by an older version.",
                "Run \"tracelab store migrate\" (or \"tracelab record\") as the schema's owner to bring it up to date.");
        }
    }
}
