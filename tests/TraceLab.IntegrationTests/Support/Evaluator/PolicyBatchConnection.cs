using Npgsql;

namespace TraceLab.IntegrationTests.Support.Evaluator;

/// <summary>An unrecorded superuser connection to the test server on which one of the probe's batch functions
/// (<c>tracelab_policy_decide_batch</c>, <c>tracelab_policy_render_batch</c>) and <c>tracelab_policy_command_tags</c>
/// are declared in <c>pg_temp</c>, from the library the server preloads (src/Recorder/Probe/ENFORCEMENT.md).</summary>
/// <remarks>The functions are test-only entry points, so they live in the session's temporary schema and no database
/// keeps them; recording is off so the batches are not traffic under test.</remarks>
internal sealed class PolicyBatchConnection : IAsyncDisposable
{
    private PolicyBatchConnection(NpgsqlConnection connection) => Connection = connection;

    /// <summary>The open connection, for calling the batch function.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>Opens the connection and declares <c>pg_temp.<paramref name="function"/>(bytea[], bytea)</c> returning
    /// <paramref name="returns"/>, next to <c>pg_temp.tracelab_policy_command_tags()</c>.</summary>
    public static async Task<PolicyBatchConnection> OpenAsync(TestCluster cluster, string function, string returns)
    {
        var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(cluster.Superuser("postgres"))
            {
                Options = "-c tracelab.enabled=off",
                IncludeErrorDetail = true,
                CommandTimeout = 600,
            }.ConnectionString);
        try
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(
                $"CREATE FUNCTION pg_temp.{function}(bytea[], bytea) RETURNS {returns} " +
                $"AS 'tracelab_probe', '{function}' LANGUAGE C STRICT; " +
                "CREATE FUNCTION pg_temp.tracelab_policy_command_tags() RETURNS SETOF text " +
                "AS 'tracelab_probe', 'tracelab_policy_command_tags' LANGUAGE C STRICT", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            return new PolicyBatchConnection(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The command tags the server knows, as the probe lists them.</summary>
    public async Task<List<string>> CommandTagsAsync()
    {
        var tags = new List<string>();
        await using var command = new NpgsqlCommand("SELECT pg_temp.tracelab_policy_command_tags()", Connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            tags.Add(reader.GetString(0));
        }

        return tags;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
