namespace TraceLab.Cli.Cluster;

/// <summary>Builds the C probe with PGXS and installs the library into the cluster's private library directory.</summary>
/// <remarks>
/// Nothing is installed system-wide: the server finds the library through <c>dynamic_library_path</c>, so a
/// checkout can build and load its own probe without touching /usr/lib/postgresql.
/// </remarks>
internal static class ProbeBuilder
{
    public const string LibraryName = "tracelab_probe";

    /// <summary>Builds the probe and copies it to <paramref name="libraryDirectory"/>; true when the installed copy changed.</summary>
    public static async Task<bool> BuildAndInstallAsync(
        string checkoutRoot, PostgresInstallation postgres, string libraryDirectory, CancellationToken ct)
    {
        var source = Path.Combine(checkoutRoot, "src", "Recorder", "Probe");
        // with_llvm=no: Debian's PGXS would also emit LLVM bitcode, which needs clang, absent on a fresh machine.
        await ProcessRunner.RunCheckedAsync("make", ["-C", source, $"PG_CONFIG={postgres.PgConfig}", "with_llvm=no"], ct: ct);
        var built = Path.Combine(source, LibraryName + ".so");
        var installed = Path.Combine(libraryDirectory, LibraryName + ".so");
        Directory.CreateDirectory(libraryDirectory);
        if (File.Exists(installed) && SameBytes(await File.ReadAllBytesAsync(built, ct), await File.ReadAllBytesAsync(installed, ct)))
        {
            return false;
        }

        // Copy to a temporary name and rename, so a running server never maps a half-written library.
        var temporary = installed + ".new";
        File.Copy(built, temporary, overwrite: true);
        File.SetUnixFileMode(temporary,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temporary, installed, overwrite: true);
        return true;
    }

    private static bool SameBytes(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);
}
