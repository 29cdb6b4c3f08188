using System.Globalization;
using Npgsql;
using TraceLab.Cli.Cluster;
using TraceLab.Cli.Enforcement;
using TraceLab.Distributed.Policies;
using TraceLab.Policies.Compiled;
using TraceLab.Scenarios.Running;

namespace TraceLab.Cli.Suites;

/// <summary>The policies of <c>suite run --enforce</c>, compiled (<see cref="PolicyFormatWriter"/>) into the embedded
/// cluster's data directory, where the server reads them: <c>tracelab-suite/PID-N.tlpolicy</c>, removed when the run
/// ends.</summary>
/// <remarks>A folder of its own, apart from the policy <c>tracelab enforce</c> keeps in force, and files named by this
/// process, so that two suite runs at once never touch each other's. Each file is written by
/// <see cref="ServerPolicyFile"/>.</remarks>
internal sealed class EnforcedPolicyFiles : IDisposable
{
    private const string Folder = "tracelab-suite";

    private readonly Dictionary<string, string> paths = new(StringComparer.Ordinal);

    private EnforcedPolicyFiles()
    {
    }

    /// <summary>Per policy name, its compiled file (an absolute path).</summary>
    public IReadOnlyDictionary<string, string> Paths => paths;

    /// <summary>Compiles and writes every policy of <paramref name="policies"/>.</summary>
    public static async Task<EnforcedPolicyFiles> InstallAsync(
        string dataDirectory, IReadOnlyList<ResolvedPolicy> policies, ClusterUser user, CancellationToken ct)
    {
        var directory = Path.Combine(dataDirectory, Folder);
        var installed = new EnforcedPolicyFiles();
        try
        {
            for (var i = 0; i < policies.Count; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{i + 1}.tlpolicy");
                installed.paths[policies[i].Name] = Path.Combine(directory, name);
                await ServerPolicyFile.WriteAsync(directory, name, PolicyFormatWriter.Write(policies[i].Definition), user, ct);
            }

            return installed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            installed.Dispose();
            throw CliException.Create(
                $"could not write the compiled policies into \"{directory}\"",
                e.Message.Trim().TrimEnd('.') + ".",
                "Run tracelab as the OS user that ran \"tracelab up\" (or as root).",
                e);
        }
        catch
        {
            installed.Dispose();
            throw;
        }
    }

    /// <summary>Fails unless the server's probe can enforce a policy (extension 0.7 and later define
    /// <c>tracelab.enforce_mode</c>).</summary>
    public static async Task RequireEnforcingProbeAsync(string superuserConnectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(superuserConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_settings WHERE name = $1", connection)
        {
            Parameters = { new() { Value = ScenarioEnforcement.ModeSetting } },
        };
        if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
        {
            throw CliException.Create(
                "the embedded cluster's probe cannot enforce policies",
                $"The server has no setting \"{ScenarioEnforcement.ModeSetting}\": its probe is older than extension 0.7.",
                "Run \"tracelab up\" to build and load the current probe.");
        }
    }

    /// <summary>Removes the files (and the folder, once empty).</summary>
    public void Dispose()
    {
        foreach (var path in paths.Values.Where(File.Exists))
        {
            File.Delete(path);
        }

        var directory = paths.Values.Select(Path.GetDirectoryName).FirstOrDefault();
        if (directory is not null && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }
}
