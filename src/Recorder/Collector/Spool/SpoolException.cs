using System.Globalization;

namespace TraceLab.Recorder.Spool;

/// <summary>A spool file, or part of one, that cannot be ingested.</summary>
/// <remarks>
/// Worded like a PostgreSQL error report (and Npgsql's <c>PostgresException</c>): <see cref="Exception.Message"/> is
/// the short primary message, <see cref="Detail"/> states the facts and <see cref="Hint"/> suggests what to do, each
/// a complete sentence. Built only through the static factories, one per problem.
/// </remarks>
public sealed class SpoolException : Exception
{
    private SpoolException(string message, string spoolFile, long? offset, string detail, string hint, Exception? inner = null)
        : base(message, inner)
    {
        SpoolFile = spoolFile;
        Offset = offset;
        Detail = detail;
        Hint = hint;
    }

    /// <summary>The spool file concerned.</summary>
    public string SpoolFile { get; }

    /// <summary>The byte offset of the block concerned, when the problem is in one block.</summary>
    public long? Offset { get; }

    /// <summary>What was found, as a complete sentence.</summary>
    public string Detail { get; }

    /// <summary>What to do about it, as a complete sentence.</summary>
    public string Hint { get; }

    /// <summary>The file does not start with the spool header <c>["tracelab-spool", 1]</c>.</summary>
    public static SpoolException NotASpoolFile(string path, string found) => new(
        $"file \"{path}\" is not a TraceLab spool file",
        path,
        0,
        $"The file starts with {found} instead of the header [\"tracelab-spool\", 1].",
        "Keep only files written by the tracelab_probe extension in the spool directory.");

    /// <summary>The header names a container version this Recorder does not read.</summary>
    public static SpoolException UnsupportedVersion(string path, long version) => new(
        $"spool file \"{path}\" has unsupported container version {version.ToString(CultureInfo.InvariantCulture)}",
        path,
        0,
        $"This Recorder reads container version {SpoolFileReader.FormatVersion.ToString(CultureInfo.InvariantCulture)}, "
        + $"with frame format versions 1 to {SpoolFileReader.FrameFormatVersion.ToString(CultureInfo.InvariantCulture)}.",
        "Use a Recorder from the same TraceLab release as the probe that wrote the file.");

    /// <summary>A block's CRC-32C does not match its payload.</summary>
    public static SpoolException CorruptBlock(string path, long offset, uint storedCrc, uint computedCrc) => new(
        $"could not decode block at offset {Format(offset)} in spool file \"{path}\"",
        path,
        offset,
        $"The block's CRC-32C is 0x{storedCrc:x8} but its payload's is 0x{computedCrc:x8}.",
        BlocksBeforeHint);

    /// <summary>The bytes at a block boundary are not a <c>[crc, payload]</c> block.</summary>
    public static SpoolException MalformedBlock(string path, long offset, string detail) => new(
        $"could not decode block at offset {Format(offset)} in spool file \"{path}\"",
        path,
        offset,
        detail,
        BlocksBeforeHint);

    /// <summary>A block passed its CRC check but holds a frame that does not follow the format.</summary>
    public static SpoolException CorruptFrame(string path, long offset, int frameIndex, string detail) => new(
        $"could not decode frame {Format(frameIndex)} of block at offset {Format(offset)} in spool file \"{path}\"",
        path,
        offset,
        detail,
        "The probe wrote a frame this Recorder cannot read; check that both come from the same TraceLab release. "
        + "Blocks before this offset were ingested.");

    /// <summary>The file is shorter than the offset it was already ingested up to.</summary>
    public static SpoolException ShorterThanCheckpoint(string path, long length, long checkpoint) => new(
        $"spool file \"{path}\" is shorter than its ingested part",
        path,
        checkpoint,
        $"The file has {Format(length)} bytes but was ingested up to offset {Format(checkpoint)}.",
        "The file was truncated or replaced after it was ingested; a new session must use a new file name.");

    /// <summary>The file could not be opened or read.</summary>
    public static SpoolException CouldNotRead(string path, IOException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(
            $"could not read spool file \"{path}\"",
            path,
            null,
            exception.Message.EndsWith('.') ? exception.Message : exception.Message + ".",
            "Check that the Recorder's user may read the spool directory and its files.",
            exception);
    }

    /// <summary>The file could not be opened or read because access was denied.</summary>
    public static SpoolException CouldNotRead(string path, UnauthorizedAccessException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(
            $"could not read spool file \"{path}\"",
            path,
            null,
            "Permission denied.",
            "Spool files are mode 0600: run the Recorder as the server's OS user, or as a user that may read them.",
            exception);
    }

    /// <summary>The spool directory does not exist.</summary>
    public static SpoolException DirectoryNotFound(string path) => new(
        $"could not open spool directory \"{path}\"",
        path,
        null,
        "The directory does not exist.",
        "Pass the directory set in tracelab.spool_directory.");

    /// <summary>A <c>.tlstart</c> file does not hold <c>["tracelab-start", 1, system_identifier, start_us]</c>.</summary>
    /// <param name="detail">What the file holds instead, as a complete sentence.</param>
    public static SpoolException NotAServerStartFile(string path, string detail) => new(
        $"file \"{path}\" is not a TraceLab server start file",
        path,
        null,
        detail,
        "Keep only files written by the tracelab_probe extension in the spool directory; "
        + "sessions of this server are not marked as ended abnormally until the file is removed or replaced.");

    /// <summary>A <c>.tlstart</c> file names a version this Recorder does not read.</summary>
    public static SpoolException UnsupportedServerStartVersion(string path, long version) => new(
        $"server start file \"{path}\" has unsupported version {Format(version)}",
        path,
        null,
        $"This Recorder reads server start files of version {Format(ServerStartFileReader.FormatVersion)}.",
        "Use a Recorder from the same TraceLab release as the probe that wrote the file.");

    /// <summary>A <c>.tlstart</c> file could not be opened or read.</summary>
    public static SpoolException CouldNotReadServerStart(string path, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(
            $"could not read server start file \"{path}\"",
            path,
            null,
            exception is UnauthorizedAccessException
                ? "Permission denied."
                : exception.Message.EndsWith('.') ? exception.Message : exception.Message + ".",
            "Check that the Recorder's user may read the spool directory and its files.",
            exception);
    }

    private const string BlocksBeforeHint =
        "The file may have been damaged after the probe wrote it; blocks before this offset were ingested.";

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
