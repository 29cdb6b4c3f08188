using System.Globalization;
using TraceLab.Errors;

namespace TraceLab.Recorder.Spool;

/// <summary>A spool file, or part of one, that cannot be ingested.</summary>
/// <remarks>
/// A <see cref="TraceLabException"/>: <see cref="Exception.Message"/> is the short primary message,
/// <see cref="TraceLabException.Detail"/> states the facts and <see cref="TraceLabException.Hint"/> suggests what to do,
/// each a complete sentence. Built only through the static factories, one per problem.
/// </remarks>
public sealed class SpoolException : TraceLabException
{
    private SpoolException(
        string message,
        string spoolFile,
        long? offset,
        string? detail,
        string? hint,
        Exception? inner = null,
        bool isFileDamaged = false,
        long? frameNumber = null)
        : base(message, detail, hint, inner)
    {
        SpoolFile = spoolFile;
        Offset = offset;
        IsFileDamaged = isFileDamaged;
        FrameNumber = frameNumber;
    }

    /// <summary>The spool file concerned.</summary>
    public string SpoolFile { get; }

    /// <summary>The byte offset of the block concerned, when the problem is in one block.</summary>
    public long? Offset { get; }

    /// <summary>The file itself is bad (damaged, foreign, of another version, not a regular file), as opposed to the
    /// Recorder's access to it: the Recorder moves such a file to its quarantine directory.</summary>
    public bool IsFileDamaged { get; }

    /// <summary>The frame at which the damage starts, numbered by seq (FORMAT.md): one more than the seq of the last
    /// frame read before it; null when no frame of the file was read and the reading did not start at its beginning.</summary>
    public long? FrameNumber { get; }

    /// <summary>This problem, after the file was moved to <paramref name="destination"/>: the hint says where it is.</summary>
    public SpoolException Quarantined(string destination, string note) => new(
        Message,
        SpoolFile,
        Offset,
        Detail,
        $"{Hint} The file was moved to \"{destination}\", with what happened in \"{note}\".",
        InnerException,
        IsFileDamaged,
        FrameNumber);

    /// <summary>The file does not start with the spool header <c>["tracelab-spool", 1]</c>.</summary>
    public static SpoolException NotASpoolFile(string path, string found) => new(
        $"file \"{path}\" is not a TraceLab spool file",
        path,
        0,
        $"The file starts with {found} instead of the header [\"tracelab-spool\", 1].",
        "Keep only files written by the tracelab_probe extension in the spool directory.",
        isFileDamaged: true);

    /// <summary>The file is shorter than its header and nothing writes it any more.</summary>
    /// <param name="whyFinished">Why nothing writes it: <c>it has not grown for 60 s</c>.</param>
    public static SpoolException TruncatedHeader(string path, long length, string whyFinished) => new(
        $"file \"{path}\" is not a TraceLab spool file",
        path,
        0,
        $"The file ends after {Format(length)} bytes, inside its header, and is no longer being written: {whyFinished}.",
        "The file was cut short; the probe writes the header and the first block at once.",
        isFileDamaged: true,
        frameNumber: 1);

    /// <summary>Something that is not a regular file (a named pipe, a directory, a device) has a spool file's name.</summary>
    /// <param name="kind">What it is: <c>a named pipe (FIFO)</c>.</param>
    public static SpoolException NotARegularFile(string path, string kind) => new(
        $"file \"{path}\" is not a regular file",
        path,
        null,
        $"\"{path}\" is {kind}; the Recorder reads only regular files and did not open it.",
        "Keep only files written by the tracelab_probe extension in the spool directory.",
        isFileDamaged: true);

    /// <summary>The header names a container version this Recorder does not read.</summary>
    public static SpoolException UnsupportedVersion(string path, long version) => new(
        $"spool file \"{path}\" has unsupported container version {version.ToString(CultureInfo.InvariantCulture)}",
        path,
        0,
        $"This Recorder reads container version {SpoolFileReader.FormatVersion.ToString(CultureInfo.InvariantCulture)}, "
        + $"with frame format versions 1 to {SpoolFileReader.FrameFormatVersion.ToString(CultureInfo.InvariantCulture)}.",
        "Use a Recorder from the same TraceLab release as the probe that wrote the file.",
        isFileDamaged: true);

    /// <summary>A block's CRC-32C does not match its payload.</summary>
    public static SpoolException CorruptBlock(string path, long offset, uint storedCrc, uint computedCrc, long? frameNumber = null) => new(
        $"could not decode block at offset {Format(offset)} in spool file \"{path}\"",
        path,
        offset,
        $"The block's CRC-32C is 0x{storedCrc:x8} but its payload's is 0x{computedCrc:x8}.{StartsAt(frameNumber)}",
        BlocksBeforeHint,
        isFileDamaged: true,
        frameNumber: frameNumber);

    /// <summary>The file ends inside a block although nothing writes it any more: the block was cut short or its
    /// length damaged, not the tail the probe is still writing.</summary>
    /// <param name="declared">The payload length the block declares.</param>
    /// <param name="available">The bytes of the file from the block's start on.</param>
    /// <param name="whyFinished">Why nothing writes the file: <c>its session ended</c>.</param>
    public static SpoolException TruncatedBlock(
        string path, long offset, long declared, long available, string whyFinished, long? frameNumber) => new(
        $"could not decode block at offset {Format(offset)} in spool file \"{path}\"",
        path,
        offset,
        (declared < 0
            ? $"The file ends {Format(available)} bytes into the block's header"
            : $"The block declares a payload of {Format(declared)} bytes but the file ends {Format(available)} bytes "
                + "after the block's start")
        + $", and the file is no longer being written: {whyFinished}.{StartsAt(frameNumber)}",
        "The block's length was damaged or the file was cut short; blocks before this offset were ingested.",
        isFileDamaged: true,
        frameNumber: frameNumber);

    /// <summary>The bytes at a block boundary are not a <c>[crc, payload]</c> block.</summary>
    public static SpoolException MalformedBlock(string path, long offset, string detail, long? frameNumber = null) => new(
        $"could not decode block at offset {Format(offset)} in spool file \"{path}\"",
        path,
        offset,
        detail + StartsAt(frameNumber),
        BlocksBeforeHint,
        isFileDamaged: true,
        frameNumber: frameNumber);

    /// <summary>A block passed its CRC check but holds a frame that does not follow the format.</summary>
    public static SpoolException CorruptFrame(string path, long offset, int frameIndex, string detail, long? frameNumber = null) => new(
        $"could not decode frame {Format(frameIndex)} of block at offset {Format(offset)} in spool file \"{path}\"",
        path,
        offset,
        detail + StartsAt(frameNumber),
        "The probe wrote a frame this Recorder cannot read; check that both come from the same TraceLab release. "
        + "Blocks before this offset were ingested.",
        isFileDamaged: true,
        frameNumber: frameNumber);

    /// <summary>A block passed its CRC check but holds a frame of a type this Recorder does not know: a newer probe's.</summary>
    public static SpoolException UnrecognizedFrameType(
        string path, long offset, int frameIndex, uint type, long? frameNumber = null) => new(
        $"unrecognized frame type {type.ToString(CultureInfo.InvariantCulture)} in block at offset {Format(offset)} in spool file \"{path}\"",
        path,
        offset,
        $"Frame {Format(frameIndex)} of the block has type {type.ToString(CultureInfo.InvariantCulture)}, which this "
            + $"Recorder does not know; the block's frames were not ingested.{StartsAt(frameNumber)}",
        "The file was probably written by a newer probe: record it again with a Recorder from the probe's TraceLab release. "
        + "Blocks before this offset were ingested.",
        isFileDamaged: true,
        frameNumber: frameNumber);

    /// <summary>The file is shorter than the offset it was already ingested up to.</summary>
    public static SpoolException ShorterThanCheckpoint(string path, long length, long checkpoint) => new(
        $"spool file \"{path}\" is shorter than its ingested part",
        path,
        checkpoint,
        $"The file has {Format(length)} bytes but was ingested up to offset {Format(checkpoint)}.",
        "The file was truncated or replaced after it was ingested; a new session must use a new file name.",
        isFileDamaged: true);

    /// <summary>The offset the file was ingested up to falls inside its header, so it is not the file that was ingested.</summary>
    public static SpoolException CheckpointInsideHeader(string path, long headerLength, long checkpoint) => new(
        $"spool file \"{path}\" does not match its ingested part",
        path,
        checkpoint,
        $"The file was ingested up to offset {Format(checkpoint)}, inside its {Format(headerLength)}-byte header.",
        "The file was replaced after it was ingested; a new session must use a new file name.",
        isFileDamaged: true);

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

    /// <summary>The spool directory does not exist (or the path names something else than a directory).</summary>
    public static SpoolException DirectoryNotFound(string path) => new(
        $"could not open spool directory \"{path}\"",
        path,
        null,
        File.Exists(path) ? "It is a file, not a directory." : "The directory does not exist.",
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

    /// <summary>A damaged file could not be moved to the quarantine directory; it stays where it is.</summary>
    /// <param name="detail">Why, as a complete sentence.</param>
    public static SpoolException CouldNotQuarantine(string path, string quarantineDirectory, string detail) => new(
        $"could not move spool file \"{path}\" to quarantine directory \"{quarantineDirectory}\"",
        path,
        null,
        detail,
        "The quarantine directory must be on the spool directory's file system, and the Recorder's user must be allowed "
        + "to create it and to rename files in the spool directory; the file is read again, and reported again, "
        + "until it is moved.");

    private const string BlocksBeforeHint =
        "The file may have been damaged after the probe wrote it; blocks before this offset were ingested.";

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string StartsAt(long? frameNumber) =>
        frameNumber is { } n ? $" The damage starts at frame {Format(n)}." : "";
}
