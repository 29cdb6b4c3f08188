namespace TraceLab.Store;

/// <summary>What <see cref="TraceLabSchema.InspectAsync"/> found.</summary>
/// <param name="Schema">The PostgreSQL schema the store is configured with.</param>
/// <param name="Database">The database connected to.</param>
/// <param name="MissingTables">The reader tables that do not exist there.</param>
public sealed record SchemaInspection(string Schema, string Database, IReadOnlyList<string> MissingTables)
{
    /// <summary>None of the tables exists: nothing was ever recorded or migrated into this schema.</summary>
    public bool IsAbsent => MissingTables.Count == TraceLabSchema.ReaderTables.Count;

    /// <summary>Every table a reader needs exists.</summary>
    public bool IsComplete => MissingTables.Count == 0;
}
