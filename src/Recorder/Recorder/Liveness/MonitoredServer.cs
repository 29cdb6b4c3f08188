using Npgsql;

namespace TraceLab.Recorder.Liveness;

/// <summary>The backends a monitored server says are alive: its <c>pg_stat_activity</c> at one moment.</summary>
/// <param name="SystemIdentifier">The server's <c>pg_control</c> system identifier, as in its sessions' SessionStarted.</param>
/// <param name="Backends">Each backend's pid and backend start (µs since the Unix epoch).</param>
/// <param name="PidsWithoutStart">Pids whose backend start the connection's role may not see.</param>
public sealed record ServerBackends(
    ulong SystemIdentifier, IReadOnlySet<(int Pid, long StartUs)> Backends, IReadOnlySet<int> PidsWithoutStart)
{
    /// <summary>Whether the server says the backend <paramref name="pid"/> that started at <paramref name="startUs"/>
    /// is alive or gone.</summary>
    public BackendState StateOf(int pid, long startUs) =>
        Backends.Contains((pid, startUs)) ? BackendState.Alive
        : PidsWithoutStart.Contains(pid) ? BackendState.Unknown
        : BackendState.Gone;
}

/// <summary>A connection to the server the probe records, asked which backends are alive.</summary>
/// <remarks>
/// <para><c>pg_stat_activity.backend_start</c> is the probe's <c>backend_start_us</c> (both are PostgreSQL's
/// <c>MyStartTimestamp</c>), so a session is alive exactly when its pid and backend start are listed: a reused pid has
/// another start. The role must see other roles' backend starts: a superuser, or a member of
/// <c>pg_read_all_stats</c> (<see cref="CheckAsync"/>).</para>
/// <para>A backend leaves <c>pg_stat_activity</c> before the probe writes its last block (the probe's exit callback runs
/// after PostgreSQL's shared-memory cleanup), so "gone" must be confirmed a little later before it is acted on
/// (<see cref="GoneBackendCheck"/>).</para>
/// </remarks>
public sealed class MonitoredServer : IAsyncDisposable
{
    private const string Query = """
        select (select system_identifier from pg_control_system())::text,
               pid, (extract(epoch from backend_start) * 1000000)::int8
        from pg_stat_activity
        """;

    private readonly NpgsqlDataSource source;

    /// <summary>A monitored server at <paramref name="connectionString"/>; nothing is connected until asked.</summary>
    public MonitoredServer(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "tracelab record (liveness)",
            MaxPoolSize = 1,
        };
        source = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Connects and checks that the role may see every backend's start.</summary>
    /// <returns>Null when it may; else the role's name.</returns>
    /// <exception cref="NpgsqlException">The server cannot be reached.</exception>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(
            "select pg_has_role('pg_read_all_stats', 'USAGE'), current_user::text");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetBoolean(0) ? null : reader.GetString(1);
    }

    /// <summary>Reads the backends alive now.</summary>
    /// <exception cref="NpgsqlException">The server cannot be reached.</exception>
    public async Task<ServerBackends> ReadBackendsAsync(CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(Query);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var backends = new HashSet<(int, long)>();
        var withoutStart = new HashSet<int>();
        ulong system = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            system = ulong.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture);
            var pid = reader.GetInt32(1);
            if (reader.IsDBNull(2))
            {
                withoutStart.Add(pid);
            }
            else
            {
                backends.Add((pid, reader.GetInt64(2)));
            }
        }

        return new ServerBackends(system, backends, withoutStart);
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
