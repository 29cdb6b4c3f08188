using TraceLab.Policies.Compiled;
using Npgsql;
using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Enforcement;

/// <summary>Reads what a session of the embedded cluster has in force, from the probe's <c>tracelab_enforcement()</c>.
/// </summary>
/// <remarks>
/// <para><c>tracelab up</c> installs the probe's library only, not its extension scripts, so no database has the
/// extension's functions; the function is declared in <c>pg_temp</c> from the library the server preloads, as the
/// tests of the probe's other functions do. A library without the symbol, or a server without the setting
/// <c>tracelab.enforce_mode</c>, is a probe from before extension 0.7.</para>
/// <para>The session then switches enforcement off for itself (a superuser may), so that tracelab's own statements are
/// never judged by the policy they inspect or change: <c>tracelab enforce --off</c> must work whatever the policy
/// blocks. The mode reported is therefore the one the session started with, read before that switch.</para>
/// </remarks>
internal static class EnforcementReader
{
    private const string UndefinedFunction = "42883";

    private const string Declaration =
        "CREATE FUNCTION pg_temp.tracelab_enforcement(OUT policy_name text, OUT policy_file text, OUT mode text, "
        + "OUT rules integer, OUT checksum text, OUT loaded_at timestamptz) RETURNS record "
        + $"AS '{ProbeBuilder.LibraryName}', 'tracelab_enforcement' LANGUAGE C STABLE";

    /// <summary>A new unrecorded session of the cluster's bootstrap superuser, in database <c>postgres</c>.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(ClusterConnection cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var connection = new NpgsqlConnection(cluster.SocketConnectionString("postgres", recorded: false));
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a new session has in force; throws <see cref="EnforcementErrors.ProbeTooOld"/> for a probe without
    /// enforcement.</summary>
    public static async Task<EnforcementState> ReadAsync(ClusterConnection cluster, CancellationToken ct)
    {
        await using var connection = await OpenAsync(cluster, ct);
        return await ReadAsync(connection, ct);
    }

    /// <summary>What <paramref name="connection"/>'s session had in force when it started; from then on its own statements
    /// are not judged.</summary>
    public static async Task<EnforcementState> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var modeName = await SettingAsync(connection, EnforcementSettingNames.Mode, ct)
            ?? throw EnforcementErrors.ProbeTooOld($"setting \"{EnforcementSettingNames.Mode}\"");
        var mode = EnforcementModeNames.Find(modeName) ?? throw EnforcementErrors.UnrecognizedMode(modeName);
        await ExecuteAsync(connection, $"SET {EnforcementSettingNames.Mode} = {EnforcementModeNames.Of(EnforcementMode.Off)}", ct);
        try
        {
            await ExecuteAsync(connection, Declaration, ct);
        }
        catch (PostgresException e) when (e.SqlState == UndefinedFunction)
        {
            throw EnforcementErrors.ProbeTooOld("function \"tracelab_enforcement\"");
        }

        await using var command = new NpgsqlCommand(
            "SELECT policy_name, policy_file, rules, checksum, loaded_at FROM pg_temp.tracelab_enforcement()", connection);
        await using var row = await command.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
        {
            throw new InvalidOperationException("tracelab_enforcement() returned no row.");
        }

        return new EnforcementState(
            mode,
            await row.IsDBNullAsync(0, ct) ? null : row.GetString(0),
            await row.IsDBNullAsync(1, ct) ? null : row.GetString(1),
            await row.IsDBNullAsync(2, ct) ? null : row.GetInt32(2),
            await row.IsDBNullAsync(3, ct) ? null : row.GetString(3),
            await row.IsDBNullAsync(4, ct) ? null : row.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>The value of a server setting in <paramref name="connection"/>'s session.</summary>
    public static async Task<string?> SettingAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting($1, true)", connection)
        {
            Parameters = { new() { Value = name } },
        };
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Runs one statement on <paramref name="connection"/>.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
