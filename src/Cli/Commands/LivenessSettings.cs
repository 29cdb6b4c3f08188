using Npgsql;
using TraceLab.Recorder.Liveness;

namespace TraceLab.Cli.Commands;

/// <summary>Checks <c>record --server</c> and <c>--abandon-after</c> before following, so that a wrong connection, a
/// role that cannot see other roles' backends or a machine without a process table is one clear error at start rather
/// than sessions that never end.</summary>
internal static class LivenessSettings
{
    public static async Task CheckAsync(string? server, double? abandonAfter, CancellationToken ct)
    {
        if (abandonAfter is not null && !ProcessTable.IsAvailable)
        {
            throw CliException.Usage(
                "cannot use --abandon-after without a process table",
                "The Recorder tells a gone backend from an idle one by its process, and \"/proc\" cannot be read here.",
                "Use --server to ask the recorded server instead.");
        }

        if (server is null)
        {
            return;
        }

        string? role;
        try
        {
            await using var monitored = new MonitoredServer(server);
            role = await monitored.CheckAsync(ct);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage("invalid connection string for --server", e.Message, null);
        }
        catch (NpgsqlException e) when (e.InnerException is not OperationCanceledException)
        {
            var why = ((e as PostgresException)?.MessageText ?? e.InnerException?.Message ?? e.Message).TrimEnd('.');
            throw CliException.Create("could not connect to the recorded server (--server)",
                $"Connecting failed: {why}.", "Check the connection string given to --server.", e);
        }

        if (role is not null)
        {
            throw CliException.Create(
                $"role \"{role}\" cannot see the backends of other roles",
                "--server needs pg_stat_activity.backend_start of every backend to tell a gone backend from a live one.",
                $"Connect as a superuser, or grant the role pg_read_all_stats (GRANT pg_read_all_stats TO \"{role}\").");
        }
    }
}
