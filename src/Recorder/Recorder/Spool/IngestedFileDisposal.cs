using System.Globalization;
using Microsoft.Extensions.Logging;

namespace TraceLab.Recorder.Spool;

/// <summary>Deletes or archives spool files that are done: ingested to their end, their session ended.</summary>
/// <remarks>
/// <para>A file is done only when every byte of it is behind its checkpoint and the stream has its end (the probe's
/// SessionEnded, or the Recorder's abnormal end): its backend is gone, so nothing writes it any more and nothing in it
/// is left to ingest. Files still written, files with a damaged part and files whose end is not recorded stay.</para>
/// <para>Archiving renames the file into the archive directory (created with mode 0700, on the spool directory's file
/// system; a taken name gets a <c>.2</c>, <c>.3</c>… suffix). A file that cannot be removed is logged and left where
/// it is: it is tried again on the next run, and ingesting it again appends nothing.</para>
/// </remarks>
public sealed class IngestedFileDisposal(IngestedFileAction action, string archiveDirectory, ILogger logger)
{
    /// <summary>The archive directory when none is configured, inside the spool directory.</summary>
    public const string DefaultArchiveDirectory = "archive";

    private const int MaxNames = 1000;

    /// <summary>The configured action.</summary>
    public IngestedFileAction Action => action;

    /// <summary>Deletes or archives <paramref name="path"/>, which is done; returns whether it left the spool
    /// directory.</summary>
    public bool Dispose(string spoolDirectory, string path)
    {
        try
        {
            switch (action)
            {
                case IngestedFileAction.Delete:
                    File.Delete(path);
                    return true;
                case IngestedFileAction.Archive:
                    Archive(Path.GetFullPath(Path.Combine(spoolDirectory, archiveDirectory)), path);
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.IngestedFileNotRemoved(logger, path, e.Message);
            return false;
        }
    }

    private static void Archive(string directory, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var name = Path.GetFileName(path);
        for (var n = 1; n <= MaxNames; n++)
        {
            var target = Path.Combine(directory, n == 1 ? name : name + "." + n.ToString(CultureInfo.InvariantCulture));
            if (!File.Exists(target))
            {
                // Never over an archived file: a taken name is found above, a race loses here and tries the next one.
                try
                {
                    File.Move(path, target, overwrite: false);
                    return;
                }
                catch (IOException) when (File.Exists(target) && File.Exists(path))
                {
                }
            }
        }

        throw new IOException($"The names \"{name}\" to \"{name}.{MaxNames}\" in \"{directory}\" are all taken.");
    }
}
