namespace TraceLab.Cli.Commands;

/// <summary>A file written under a temporary name beside it and renamed over its name only once complete, so an
/// interrupted command never leaves half a file behind nor destroys the previous one: disposed before
/// <see cref="Commit"/>, it removes what it wrote.</summary>
internal sealed class CompletedFile(string path) : IDisposable
{
    private readonly string full = Path.GetFullPath(path);
    private string? temporary;

    /// <summary>Creates the temporary file.</summary>
    public Stream Open()
    {
        if (Directory.Exists(full))
        {
            throw CliException.Usage($"could not write \"{path}\": it is a directory", null, "Give a file name.");
        }

        var directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw CliException.Create($"could not open file \"{path}\" for writing",
                $"Directory \"{directory}\" does not exist.", "Create the directory first, or give a path in an existing one.");
        }

        temporary = Path.Combine(directory, FormattableString.Invariant($".{Path.GetFileName(full)}.{Environment.ProcessId}.partial"));
        try
        {
            return new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Create($"could not open file \"{path}\" for writing", e.Message, null, e);
        }
    }

    /// <summary>Renames the completed temporary file over the target.</summary>
    public void Commit()
    {
        var written = temporary ?? throw new InvalidOperationException("The file was not opened.");
        try
        {
            File.Move(written, full, overwrite: true);
            temporary = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(written);
            temporary = null;
            throw CliException.Create($"could not replace file \"{path}\"", e.Message,
                "Check that its directory is writable and that it is not a directory or a mount point.", e);
        }
    }

    /// <summary>Removes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        if (temporary is not null && File.Exists(temporary))
        {
            File.Delete(temporary);
        }

        temporary = null;
    }
}
