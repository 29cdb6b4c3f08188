using MessagePack;
using TraceLab.Recorder.Frames;

namespace TraceLab.Recorder.Spool;

/// <summary>Reads the server start files (<c>*.tlstart</c>) the probe's postmaster leaves in the spool directory.</summary>
/// <remarks>
/// <para>At every start, and every restart after a crash, the postmaster writes
/// <c>&lt;system_identifier&gt;-&lt;start_us&gt;.tlstart</c> holding the MessagePack array
/// <c>["tracelab-start", 1, system_identifier uint64, start_us int64]</c>. A session of that server whose backend started
/// before a later start and that has no SessionEnded ended abnormally.</para>
/// <para>A file that holds a prefix of that array (the postmaster is writing it) is not yet a start: it is skipped and
/// read again next time. Anything else that is not that array is reported as a <see cref="SpoolException"/>, like a
/// damaged spool file, and never stops the other files. Elements after the fourth are ignored, so the array may grow.</para>
/// </remarks>
public static class ServerStartFileReader
{
    /// <summary>The extension of server start files.</summary>
    public const string FileExtension = ".tlstart";

    /// <summary>The magic string of a server start file.</summary>
    public const string Magic = "tracelab-start";

    /// <summary>The version this reader understands: the second element.</summary>
    public const int FormatVersion = 1;

    // A start file is 35 bytes; anything much longer is not one, and must not make the reader allocate.
    private const int MaxLength = 4096;

    /// <summary>Reads every start file of <paramref name="spoolDirectory"/>, in name order.</summary>
    /// <returns>The starts read, and a problem for each file that is not a start file.</returns>
    public static ServerStartFiles ReadDirectory(string spoolDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(spoolDirectory);
        var starts = new List<ServerStart>();
        var errors = new List<SpoolException>();
        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(spoolDirectory, "*" + FileExtension)];
        }
        catch (DirectoryNotFoundException)
        {
            return new ServerStartFiles(starts, errors);
        }

        files.Sort(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                if (Read(file) is { } start)
                {
                    starts.Add(start);
                }
            }
            catch (SpoolException e)
            {
                errors.Add(e);
            }
        }

        return new ServerStartFiles(starts, errors);
    }

    /// <summary>Reads one start file; null when it is not complete yet or no longer exists.</summary>
    /// <exception cref="SpoolException">The file is not a server start file, or cannot be read.</exception>
    public static ServerStart? Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            using var handle = RegularFile.OpenForReading(path);
            bytes = new byte[(int)Math.Min(RandomAccess.GetLength(handle), MaxLength + 1)];
            var read = 0;
            while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), read) is var n and > 0)
            {
                read += n;
            }

            bytes = bytes[..read];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SpoolException.CouldNotReadServerStart(path, e);
        }

        if (bytes.Length > MaxLength)
        {
            throw SpoolException.NotAServerStartFile(path,
                $"The file has more than {MaxLength} bytes; a server start file holds [\"{Magic}\", 1, system_identifier, start_us].");
        }

        return Parse(path, bytes);
    }

    private static ServerStart? Parse(string path, byte[] bytes)
    {
        var reader = new MessagePackSpanReader(bytes);
        try
        {
            var fields = FrameFields.Open(ref reader, "the server start file");
            var magic = fields.String(ref reader, "magic");
            if (magic != Magic)
            {
                throw SpoolException.NotAServerStartFile(
                    path, $"The file starts with the magic string \"{magic}\" instead of \"{Magic}\".");
            }

            var version = fields.Int64(ref reader, "version");
            if (version != FormatVersion)
            {
                throw SpoolException.UnsupportedServerStartVersion(path, version);
            }

            var start = new ServerStart(
                path,
                SystemIdentifier: fields.UInt64(ref reader, "system_identifier"),
                StartUs: fields.Int64(ref reader, "start_us"));
            fields.SkipRest(ref reader);
            return start;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        catch (FrameFormatException e)
        {
            throw SpoolException.NotAServerStartFile(path, e.Problem);
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException)
        {
            throw SpoolException.NotAServerStartFile(path, $"The file is not MessagePack: {e.Message.TrimEnd('.')}.");
        }
    }
}
