using Npgsql;
using TraceLab.Cli.Cluster;
using TraceLab.Errors;

namespace TraceLab.Cli.Enforcement;

/// <summary>What <c>tracelab status</c> knows of enforcement: what new sessions have in force, or why that is unknown
/// (the cluster is stopped, its probe predates enforcement, the server could not be asked).</summary>
internal sealed record EnforcementReading(EnforcementState? State, string? Unknown)
{
    /// <summary>Asks the cluster when it runs; never fails, since status must work with any cluster.</summary>
    public static async Task<EnforcementReading> OfAsync(ClusterStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status is not { Running: true, Connection: { } cluster })
        {
            return new EnforcementReading(null, "the cluster is not running");
        }

        try
        {
            return new EnforcementReading(await EnforcementReader.ReadAsync(cluster, ct), null);
        }
        catch (Exception e) when (e is TraceLabException or NpgsqlException)
        {
            return new EnforcementReading(null, UserFacing.TryDescribe(e)?.Message ?? e.Message);
        }
    }
}
