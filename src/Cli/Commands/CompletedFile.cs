namespace TraceLab.Cli.Commands;

/// <summary>A file written under a temporary name beside it and renamed over its name only once complete, so an
/// interrupted or failed command never leaves half a file behind nor destroys the previous one. Used by every
/// <c>--out</c>/<c>-o</c>: <c>export</c>'s trace file and the reports of <c>replay</c> and <c>diff</c>.</summary>
/// <remarks>The same sequence as PostgreSQL's <c>basic_archive</c>: write a temporary file in the target's directory
/// (a rename within one file system is atomic), close it, rename it over the target. Whatever fails, the temporary
/// file is removed, and the error says which step failed and why.</remarks>
internal sealed class CompletedFile : IDisposable
{
    private readonly string path;
    private readonly string full;
    private FileStream? stream;
    private string? temporary;

    /// <summary>A file to be written at <paramref name="path"/>, as the user gave it.</summary>
    public CompletedFile(string path)
    {
        CheckName(path, "--out");
        this.path = path;
        full = Path.GetFullPath(path);
    }

    /// <summary>Throws a usage error when <paramref name="path"/> was given as an empty string.</summary>
    public static void CheckName(string? path, string option)
    {
        if (path is not null && string.IsNullOrWhiteSpace(path))
        {
            throw CliException.Usage($"invalid value for {option}: \"{path}\"", "The file name is empty.",
                $"Give {option} a file name, or leave it out to write to standard output.");
        }
    }

    /// <summary>Creates the temporary file and returns it; <see cref="Commit"/> or <see cref="Dispose"/> closes it
    /// (closing it earlier is allowed).</summary>
    public Stream Open()
    {
        if (stream is not null)
        {
            throw new InvalidOperationException("The file is already open.");
        }

        if (Directory.Exists(full))
        {
            throw CliException.Create($"could not write file \"{path}\"", $"\"{path}\" is a directory.",
                "Give a file name, not a directory.");
        }

        var directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw CliException.Create($"could not open file \"{path}\" for writing",
                $"Directory \"{directory}\" does not exist.", "Create the directory first, or give a path in an existing one.");
        }

        var name = Path.Combine(directory, FormattableString.Invariant($".{Path.GetFileName(full)}.{Environment.ProcessId}.partial"));
        try
        {
            stream = new FileStream(name, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            temporary = name;
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Create($"could not open file \"{path}\" for writing", Sentence(e.Message),
                $"Check that you may create files in \"{directory}\": the file is written there under a temporary name "
                + "and renamed into place once complete.", e);
        }
    }

    /// <summary>Closes the temporary file and renames it over the target; on failure removes it and says why.</summary>
    public void Commit()
    {
        var written = temporary ?? throw new InvalidOperationException("The file was not opened.");
        try
        {
            // Closing flushes what is still buffered; a full disk shows here, before the old file is replaced.
            stream?.Dispose();
            stream = null;
            File.Move(written, full, overwrite: true);
            temporary = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw CliException.Create($"could not replace file \"{path}\"",
                $"Renaming the completed temporary file over it failed: {Sentence(e.Message)}",
                Directory.Exists(full)
                    ? $"\"{path}\" is a directory; give a file name."
                    : "Check that its directory is writable and that it is not a mount point; the temporary file was removed.",
                e);
        }
    }

    /// <summary>Closes and removes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        try
        {
            stream?.Dispose();
        }
        catch (IOException)
        {
            // The file is being abandoned; what could not be flushed does not matter.
        }

        stream = null;
        if (temporary is not null)
        {
            File.Delete(temporary);
            temporary = null;
        }
    }

    private static string Sentence(string message)
    {
        var trimmed = message.Trim().TrimEnd('.');
        return trimmed.Length == 0 ? "No reason was given." : trimmed + ".";
    }
}
