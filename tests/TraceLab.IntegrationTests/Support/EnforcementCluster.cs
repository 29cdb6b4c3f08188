using System.Text.Json;
using Npgsql;

namespace TraceLab.IntegrationTests.Support;

/// <summary>An embedded cluster of its own, brought up by the real <c>tracelab up</c>, for the tests of
/// <c>tracelab enforce</c>: a policy enforced server-wide must not reach the sessions of the other tests.</summary>
/// <remarks>It holds a trap for <c>ddl-needs-trusted-chain</c>: <c>public.bait()</c>, owned by mallory, runs DDL as
/// whoever calls it, so a superuser's <c>SELECT public.bait()</c> is warned about or blocked when that policy is
/// enforced.</remarks>
public sealed class EnforcementCluster : IAsyncLifetime
{
    private readonly ScratchClusterHome home = new("tracelab-enforce-");

    /// <summary>The environment that points the CLI at this cluster.</summary>
    public IReadOnlyDictionary<string, string> Environment => home.Environment;

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory { get; private set; } = "";

    private string superuser = "";

    public async ValueTask InitializeAsync()
    {
        var up = await CliProcess.RunAsync(Environment, "up");
        up.ExitCode.ShouldBe(0, up.Output + up.Error);
        var status = await CliProcess.RunAsync(Environment, "status", "--format", "json");
        using var document = JsonDocument.Parse(status.Output);
        DataDirectory = document.RootElement.GetProperty("data_dir").GetString().ShouldNotBeNull();
        superuser = new NpgsqlConnectionStringBuilder(document.RootElement.GetProperty("npgsql").GetString())
        {
            Database = "postgres",
            Pooling = false,
            Options = "-c tracelab.enabled=off",
        }.ConnectionString;
        await ExecuteAsync("""
            CREATE ROLE mallory;
            CREATE FUNCTION public.bait() RETURNS void LANGUAGE plpgsql
                AS $$BEGIN CREATE TABLE IF NOT EXISTS public.baited (x int); END$$;
            ALTER FUNCTION public.bait() OWNER TO mallory;
            """);
    }

    public ValueTask DisposeAsync() => home.DisposeAsync();

    /// <summary>Runs <paramref name="sql"/> on a new session of the bootstrap superuser; returns the notices it got.</summary>
    public async Task<IReadOnlyList<PostgresNotice>> ExecuteAsync(string sql)
    {
        var notices = new List<PostgresNotice>();
        await using var connection = new NpgsqlConnection(superuser);
        connection.Notice += (_, e) => notices.Add(e.Notice);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return notices;
    }

    /// <summary>The value of a server setting in a new session.</summary>
    public async Task<string?> ShowAsync(string setting)
    {
        await using var connection = new NpgsqlConnection(superuser);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"SELECT current_setting('{setting}', true)", connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) as string;
    }
}
