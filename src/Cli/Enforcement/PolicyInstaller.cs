using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Enforcement;

/// <summary>Puts compiled policies into the embedded cluster's data directory, where <c>tracelab.enforce_policy</c>
/// names them: <c>tracelab/policy-CHECKSUM.tlpolicy</c>, relative to the data directory.</summary>
/// <remarks>
/// <para>Each policy gets a file named by its checksum, and a file <c>postgresql.auto.conf</c> names is never rewritten:
/// a server that starts, or a backend that reloads, between two steps of <c>tracelab enforce</c> loads either the old
/// policy or the new one, each whole. (A server refuses to start with a policy it cannot load.) The files no setting
/// names any more are removed once the new one is in force.</para>
/// <para>Each file is written by <see cref="ServerPolicyFile"/>.</para>
/// </remarks>
internal static class PolicyInstaller
{
    private const string Folder = "tracelab";
    private const string Prefix = "policy-";
    private const string Extension = ".tlpolicy";

    /// <summary>The path, relative to the data directory, of the policy whose checksum is <paramref name="checksum"/>.
    /// </summary>
    public static string RelativePath(string checksum) => $"{Folder}/{Prefix}{checksum}{Extension}";

    /// <summary>Writes <paramref name="compiled"/> into the data directory and returns its relative path.</summary>
    public static async Task<string> InstallAsync(
        string dataDirectory, byte[] compiled, string checksum, ClusterUser user, CancellationToken ct)
    {
        var relative = RelativePath(checksum);
        var target = Path.Combine(dataDirectory, relative);
        try
        {
            await ServerPolicyFile.WriteAsync(Path.Combine(dataDirectory, Folder), Path.GetFileName(target), compiled, user, ct);
            return relative;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Create(
                $"could not install the compiled policy as \"{target}\"",
                e.Message.Trim().TrimEnd('.') + ".",
                "Run tracelab as the OS user that ran \"tracelab up\" (or as root).",
                e);
        }
    }

    /// <summary>Removes the installed policies other than <paramref name="keep"/> (a relative path): no setting names
    /// them any more.</summary>
    public static void RemoveAllBut(string dataDirectory, string keep)
    {
        var directory = Path.Combine(dataDirectory, Folder);
        var kept = Path.GetFullPath(Path.Combine(dataDirectory, keep));
        foreach (var file in Directory.EnumerateFiles(directory, Prefix + "*" + Extension))
        {
            if (!string.Equals(Path.GetFullPath(file), kept, StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }
    }
}
