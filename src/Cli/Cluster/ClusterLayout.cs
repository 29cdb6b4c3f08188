using System.Security.Cryptography;
using System.Text;

namespace TraceLab.Cli.Cluster;

/// <summary>The files of the embedded cluster under its state directory (default <c>.tracelab/</c> in the checkout).</summary>
/// <param name="Requested">The state directory as configured (may be a symbolic link to <paramref name="StateDirectory"/>).</param>
/// <param name="StateDirectory">The real directory holding the cluster's files.</param>
/// <param name="SocketDirectory">The private Unix-socket directory (mode 0700).</param>
internal sealed record ClusterLayout(string Requested, string StateDirectory, string SocketDirectory)
{
    /// <summary>Unix-domain socket paths are limited to 107 bytes; PostgreSQL appends "/.s.PGSQL.NNNNN".</summary>
    private const int MaxSocketDirectoryLength = 80;

    public string DataDirectory => Path.Combine(StateDirectory, "data");

    public string SpoolDirectory => Path.Combine(StateDirectory, "spool");

    public string LibraryDirectory => Path.Combine(StateDirectory, "lib");

    public string LogDirectory => Path.Combine(StateDirectory, "log");

    public string LogFile => Path.Combine(LogDirectory, "postgres.log");

    public string PasswordFile => Path.Combine(StateDirectory, "password");

    public string SettingsFile => Path.Combine(StateDirectory, "cluster.json");

    public bool IsInitialized => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    /// <summary>The configured state directory: <c>TRACELAB_HOME</c>, else <c>.tracelab</c> in the checkout.</summary>
    public static string RequestedStateDirectory(string checkoutRoot) =>
        Environment.GetEnvironmentVariable("TRACELAB_HOME") is { Length: > 0 } home
            ? Path.GetFullPath(home)
            : Path.Combine(checkoutRoot, ".tracelab");

    /// <summary>The layout of an existing state directory, without creating anything.</summary>
    public static ClusterLayout Existing(string requested)
    {
        var real = Directory.Exists(requested) ? ResolveLink(requested) : requested;
        return new ClusterLayout(requested, real, SocketDirectoryFor(real));
    }

    /// <summary>Creates the state directory where the cluster user can reach it.</summary>
    /// <remarks>
    /// A checkout inside a 0700 directory such as /root cannot be entered by the postgres OS user. Then the files
    /// go to /var/tmp/tracelab-&lt;hash&gt; and the requested path becomes a symbolic link to it, so
    /// <c>.tracelab/</c> still leads to everything.
    /// </remarks>
    public static async Task<ClusterLayout> CreateAsync(string requested, ClusterUser user, CancellationToken ct)
    {
        if (Directory.Exists(requested))
        {
            var existing = Existing(requested);
            if (await user.CanReachAsync(existing.StateDirectory, ct))
            {
                return existing;
            }

            if (new DirectoryInfo(requested).LinkTarget is null && Directory.EnumerateFileSystemEntries(requested).Any())
            {
                throw CliException.Create(
                    $"the state directory \"{requested}\" is not reachable by OS user \"{user.RunAs}\"",
                    "PostgreSQL runs as that user and must reach its data, socket and spool directories.",
                    "Move the checkout to a directory every user can enter, or set TRACELAB_HOME to one.");
            }

            Directory.Delete(requested, recursive: false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(requested) ?? "/");
        Directory.CreateDirectory(requested);
        AllowTraversal(requested);
        if (await user.CanReachAsync(requested, ct))
        {
            return Existing(requested);
        }

        Directory.Delete(requested);
        var fallback = Path.Combine("/var/tmp", "tracelab-" + ShortHash(requested));
        Directory.CreateDirectory(fallback);
        AllowTraversal(fallback);
        Directory.CreateSymbolicLink(requested, fallback);
        return Existing(requested);
    }

    private static void AllowTraversal(string directory) =>
        File.SetUnixFileMode(directory,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

    private static string ResolveLink(string path) =>
        new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    private static string SocketDirectoryFor(string stateDirectory)
    {
        var preferred = Path.Combine(stateDirectory, "sock");
        return preferred.Length <= MaxSocketDirectoryLength
            ? preferred
            : Path.Combine("/tmp", "tracelab-" + ShortHash(stateDirectory));
    }

    /// <summary>A short stable name for a path, used for fallback directories and the port choice.</summary>
    public static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
