using Npgsql;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>The PostgreSQL server the integration tests run against: <c>TRACELAB_TEST_DB</c>, never a mock.</summary>
/// <remarks>Each test works in a schema of its own, so tests run in parallel and repeatedly on one server.</remarks>
internal static class TestDatabase
{
    public const string Variable = "TRACELAB_TEST_DB";

    /// <summary>The connection string, or a failure that says how to get one (a missing database is not a skip).</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"{Variable} is not set: the Recorder's integration tests need a PostgreSQL database. "
                + $"Run the tests through ./scripts/test.sh, which starts the local cluster and sets {Variable}, "
                + $"or set {Variable} to an Npgsql connection string (for example "
                + "\"Host=127.0.0.1;Port=5432;Username=postgres;Database=tracelab_test\").");

    public static string NewSchemaName() => "test_" + Guid.NewGuid().ToString("N")[..20];

    public static async Task DropSchemaAsync(string schemaName)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop schema if exists {schemaName} cascade", connection);
        await command.ExecuteNonQueryAsync();
    }
}
