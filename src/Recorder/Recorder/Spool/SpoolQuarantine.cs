using System.Globalization;
using System.Text;

namespace TraceLab.Recorder.Spool;

/// <summary>Moves damaged spool files out of the spool directory, each with a note saying what was wrong and how much
/// of it was ingested, so that one bad file is reported once and holds nothing else up.</summary>
/// <remarks>
/// <para>The file keeps its name (<c>&lt;quarantine&gt;/1234-1795889206123456.tlspool</c>, or <c>….tlspool.2</c>,
/// <c>.3</c>, … when that name is taken) and gets <c>&lt;name&gt;.note</c> beside it. The Recorder lists only the spool
/// directory itself, so a quarantined file is never ingested again; moved back, it is read from its checkpoint.</para>
/// <para>The note is written first and the file moved second, so a Recorder stopped in between leaves a note without a
/// file (overwritten by the next attempt), never a file without its note. The move is one rename that never replaces a
/// file and never copies (<see cref="RegularFile.TryMove"/>): the quarantine directory must be on the spool
/// directory's file system. A named pipe or other special file is moved like a regular one, without being opened.
/// The directory is created with mode 0700 and notes with 0600: spool files hold statement texts.</para>
/// <para>The probe keeps appending to the file it opened, wherever it is: a file quarantined while its session still
/// runs goes on growing in the quarantine directory, and the probe's disk budget (<c>tracelab.spool_budget</c>), which
/// counts only the <c>*.tlspool</c> files directly in the spool directory, no longer counts it.</para>
/// </remarks>
public sealed class SpoolQuarantine
{
    /// <summary>The default quarantine directory, inside the spool directory.</summary>
    public const string DefaultDirectory = "quarantine";

    /// <summary>The extension of the note beside a quarantined file.</summary>
    public const string NoteExtension = ".note";

    private const int MaxNames = 1000;

    private readonly string directory;
    private readonly TimeProvider time;

    /// <param name="directory">The quarantine directory; a relative path is taken relative to the spool directory.</param>
    /// <param name="time">The clock of the note's <c>quarantined_at</c>.</param>
    public SpoolQuarantine(string directory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(time);
        this.directory = directory;
        this.time = time;
    }

    /// <summary>The quarantine directory of <paramref name="spoolDirectory"/>, as a full path.</summary>
    public string DirectoryFor(string spoolDirectory) => Path.GetFullPath(Path.Combine(spoolDirectory, directory));

    /// <summary>Moves <paramref name="path"/> to the quarantine directory of the directory it is in, with its note.</summary>
    /// <param name="problem">Why; a damage (<see cref="SpoolException.IsFileDamaged"/>).</param>
    /// <param name="ingestedTo">The file's checkpoint: the offset up to which it was ingested.</param>
    /// <returns>Where it went; null when the file was gone before it could be moved (another Recorder moved it).</returns>
    /// <exception cref="SpoolException">The file could not be moved; it stays where it is.</exception>
    public QuarantinedSpoolFile? Move(string path, SpoolException problem, long ingestedTo)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(problem);
        var spoolDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var target = DirectoryFor(spoolDirectory);
        if (string.Equals(
            Path.TrimEndingDirectorySeparator(target), Path.TrimEndingDirectorySeparator(spoolDirectory), StringComparison.Ordinal))
        {
            throw SpoolException.CouldNotQuarantine(path, target, "The quarantine directory is the spool directory itself.");
        }

        var kind = RegularFile.DescribeIfNotRegular(path);
        try
        {
            CreateDirectory(target);
            var name = Path.GetFileName(path);
            for (var n = 1; n <= MaxNames; n++)
            {
                var destination = Path.Combine(target, n == 1 ? name : $"{name}.{n.ToString(CultureInfo.InvariantCulture)}");
                if (Path.Exists(destination))
                {
                    continue;
                }

                var note = destination + NoteExtension;
                WriteNote(note, path, problem, ingestedTo, kind);
                bool moved;
                try
                {
                    moved = RegularFile.TryMove(path, destination);
                }
                catch (FileNotFoundException)
                {
                    File.Delete(note);
                    return null;
                }

                if (moved)
                {
                    return new QuarantinedSpoolFile(path, destination, note, ingestedTo, problem.Quarantined(destination, note));
                }
            }

            throw SpoolException.CouldNotQuarantine(
                path, target, $"The names \"{name}\" to \"{name}.{MaxNames.ToString(CultureInfo.InvariantCulture)}\" are all taken.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SpoolException.CouldNotQuarantine(path, target, e.Message.EndsWith('.') ? e.Message : e.Message + ".");
        }
    }

    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Writes the note under a temporary name and renames it into place, so that it is whole or absent.</summary>
    private void WriteNote(string note, string path, SpoolException problem, long ingestedTo, string? kind)
    {
        var text = new StringBuilder();
        Line(text, "error", problem.Message);
        Line(text, "detail", problem.Detail);
        Line(text, "hint", problem.Hint);
        Line(text, "spool_file", path);
        Line(text, "session", SpoolFileReader.SessionIdOf(path));
        Line(text, "file_type", kind ?? "regular file");
        Line(text, "offset", problem.Offset?.ToString(CultureInfo.InvariantCulture) ?? "");
        Line(text, "frame", problem.FrameNumber?.ToString(CultureInfo.InvariantCulture) ?? "");
        Line(text, "ingested_to", ingestedTo.ToString(CultureInfo.InvariantCulture));
        var now = time.GetUtcNow().UtcDateTime;
        Line(text, "quarantined_at", now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

        var temporary = note + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, new UTF8Encoding(false), options))
        {
            writer.Write(text.ToString());
        }

        File.Move(temporary, note, overwrite: true);
    }

    // One "key: value" line each; a value never spans lines, so the note parses line by line.
    private static void Line(StringBuilder text, string key, string? value) =>
        text.Append(key).Append(": ").Append(value?.ReplaceLineEndings(" ")).Append('\n');
}
