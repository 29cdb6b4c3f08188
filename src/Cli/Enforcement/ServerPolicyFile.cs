using TraceLab.Cli.Cluster;

namespace TraceLab.Cli.Enforcement;

/// <summary>Writes a compiled policy where the embedded cluster's server reads it (<c>tracelab.enforce_policy</c>):
/// for <c>tracelab enforce</c> and for <c>suite run --enforce</c>.</summary>
/// <remarks>As <c>basic_archive</c> writes a file: under a temporary name in the same directory, flushed to disk, given to
/// the cluster's OS user with mode 0600 (the server reads it; nobody else needs to), then renamed into place, so a
/// server that reads it meanwhile sees the old file or the new one, each whole. The directory is created owned by the
/// cluster's OS user, mode 0700. IO errors are the caller's to report.</remarks>
internal static class ServerPolicyFile
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    /// <summary>Writes <paramref name="compiled"/> as <paramref name="directory"/>/<paramref name="fileName"/> and returns
    /// its full path.</summary>
    public static async Task<string> WriteAsync(
        string directory, string fileName, byte[] compiled, ClusterUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(user);
        var target = Path.Combine(directory, fileName);
        var temporary = Path.Combine(directory, $".{fileName}.{Environment.ProcessId}.partial");
        try
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                await user.TakeOwnershipAsync(directory, PrivateDirectory, ct);
            }

            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = PrivateFile };
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(compiled, ct);
                stream.Flush(flushToDisk: true);
            }

            await user.TakeOwnershipAsync(temporary, PrivateFile, ct);
            File.Move(temporary, target, overwrite: true);
            return target;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
