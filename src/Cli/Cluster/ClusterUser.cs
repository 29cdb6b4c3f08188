namespace TraceLab.Cli.Cluster;

/// <summary>The OS user that owns and runs the embedded cluster.</summary>
/// <remarks>
/// PostgreSQL refuses to run as root. When tracelab runs as root, the cluster belongs to the
/// <c>postgres</c> OS user that the Debian package creates, and every server-side command runs through
/// <c>runuser</c>; otherwise the cluster belongs to the invoking user and commands run directly.
/// </remarks>
internal sealed class ClusterUser
{
    private const string PostgresOsUser = "postgres";

    private ClusterUser(string? runAs) => RunAs = runAs;

    /// <summary>The OS user commands run as, or null when they run as the invoking user.</summary>
    public string? RunAs { get; }

    /// <summary>The cluster user for this process.</summary>
    public static ClusterUser ForThisProcess() => new(NativeMethods.IsRoot ? PostgresOsUser : null);

    /// <summary>Runs a program as the cluster user, failing with a <see cref="CliException"/> on a non-zero exit.</summary>
    public Task<string> RunCheckedAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken ct) =>
        RunAs is null
            ? ProcessRunner.RunCheckedAsync(program, arguments, workingDirectory, ct: ct)
            : ProcessRunner.RunCheckedAsync("runuser", ["-u", RunAs, "--", program, .. arguments], workingDirectory, ct: ct);

    /// <summary>Runs a program as the cluster user and returns its result.</summary>
    public Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken ct) =>
        RunAs is null
            ? ProcessRunner.RunAsync(program, arguments, workingDirectory, ct: ct)
            : ProcessRunner.RunAsync("runuser", ["-u", RunAs, "--", program, .. arguments], workingDirectory, ct: ct);

    /// <summary>True when the cluster user can enter <paramref name="directory"/> (every ancestor searchable).</summary>
    public async Task<bool> CanReachAsync(string directory, CancellationToken ct)
    {
        if (RunAs is null)
        {
            return true;
        }

        var result = await ProcessRunner.RunAsync("runuser", ["-u", RunAs, "--", "test", "-x", directory], "/", ct: ct);
        return result.Succeeded;
    }

    /// <summary>Makes the cluster user own <paramref name="path"/> and restricts it to <paramref name="mode"/>.</summary>
    public async Task TakeOwnershipAsync(string path, UnixFileMode mode, CancellationToken ct)
    {
        if (RunAs is not null)
        {
            await ProcessRunner.RunCheckedAsync("chown", [$"{RunAs}:{RunAs}", path], ct: ct);
        }

        File.SetUnixFileMode(path, mode);
    }
}
