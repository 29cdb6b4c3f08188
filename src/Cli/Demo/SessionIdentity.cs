using Npgsql;
using TraceLab.Events;

namespace TraceLab.Cli.Demo;

/// <summary>The session id the probe gives a backend (<see cref="SessionId"/>).</summary>
internal static class SessionIdentity
{
    /// <summary>The session id of the backend behind <paramref name="login"/>, looked up over an unrecorded connection
    /// so the recorded session contains only what the scenario ran.</summary>
    public static async Task<string> OfAsync(NpgsqlConnection login, NpgsqlConnection admin, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT (extract(epoch FROM backend_start) * 1000000)::bigint, (SELECT system_identifier FROM pg_control_system()) "
            + "FROM pg_stat_activity WHERE pid = $1", admin)
        {
            Parameters = { new() { Value = login.ProcessID } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException($"Backend {login.ProcessID} is not in pg_stat_activity.");
        }

        // pg_control_system() shows the identifier as a signed bigint; the probe writes it unsigned.
        var server = unchecked((ulong)reader.GetInt64(1));
        return new SessionId(login.ProcessID, reader.GetInt64(0), server).ToString();
    }

    /// <summary>Waits until the backends <paramref name="pids"/> have exited, so their spool files are complete.</summary>
    public static async Task WaitForExitAsync(NpgsqlConnection admin, IReadOnlyCollection<int> pids, TimeProvider time, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (time.GetUtcNow() < deadline)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1)", admin)
            {
                Parameters = { new() { Value = pids.ToArray() } },
            };
            if ((long)(await command.ExecuteScalarAsync(ct) ?? 0L) == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }
}
