using Npgsql;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Edits what Marten stored, to make it look as an older Recorder wrote it, or as something else changed it.</summary>
internal static class StoredJson
{
    /// <summary>Removes the JSON properties <paramref name="properties"/> from every row of <paramref name="table"/>
    /// (<c>mt_events</c>, <c>mt_doc_spoolcheckpoint</c>) in the lab's schema, as data written before they existed.</summary>
    public static async Task RemovePropertiesAsync(RecorderLab lab, string table, params string[] properties)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"update {lab.SchemaName}.{table} set data = data - $1::text[]", connection)
        {
            Parameters = { new() { Value = properties } },
        };
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Sets the JSON property <paramref name="property"/> of every row of <paramref name="table"/> in the lab's
    /// schema to the string <paramref name="value"/>.</summary>
    public static async Task SetStringPropertyAsync(RecorderLab lab, string table, string property, string value)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            $"update {lab.SchemaName}.{table} set data = jsonb_set(data, array[$1], to_jsonb($2::text))", connection)
        {
            Parameters = { new() { Value = property }, new() { Value = value } },
        };
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
