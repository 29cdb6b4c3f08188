using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Commands;

/// <summary>Decides which event store and which spool directory a command uses.</summary>
internal static class EventStoreLocator
{
    /// <summary>--connection, else TRACELAB_CONNECTION, else the running embedded cluster's event-store database, in
    /// Npgsql's key-value form whichever form the user gave (<see cref="ConnectionStringForm"/>).</summary>
    public static async Task<string> ConnectionStringAsync(string? option, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return ConnectionStringForm.ToNpgsql(option);
        }

        if (Environment.GetEnvironmentVariable("TRACELAB_CONNECTION") is { Length: > 0 } fromEnvironment)
        {
            return ConnectionStringForm.ToNpgsql(fromEnvironment);
        }

        var connection = await EmbeddedCluster.ForCheckout().RequireRunningAsync(ct);
        return connection.Npgsql;
    }

    /// <summary>--spool, else TRACELAB_SPOOL, else the embedded cluster's spool directory (running or not).</summary>
    public static async Task<string> SpoolDirectoryAsync(string? option, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }

        if (Environment.GetEnvironmentVariable("TRACELAB_SPOOL") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var status = await EmbeddedCluster.ForCheckout().StatusAsync(ct);
        return status.Connection?.SpoolDirectory ?? throw CliException.Create(
            "no spool directory to read",
            $"The embedded cluster under \"{status.StateDirectory}\" was never set up, and neither --spool nor TRACELAB_SPOOL is given.",
            "Run \"tracelab up\", or name the probe's spool directory with --spool.");
    }
}
