using System.Buffers.Binary;
using System.Globalization;
using MessagePack;
using TraceLab.Events;
using TraceLab.Files;
using TraceLab.Recorder.Frames;

namespace TraceLab.Recorder.Spool;

/// <summary>Reads the complete blocks of one spool file (src/Recorder/Probe/FORMAT.md), from a given offset.</summary>
/// <remarks>
/// <para>The file may still be growing: the probe appends one block per flush. The reader takes the file's length
/// when <see cref="ReadBlocks(long)"/> starts and stops before a block that is not complete within it (a torn tail is
/// the part still being written, not an error); the next call picks it up. A file too short to hold its header yet
/// has no blocks.</para>
/// <para>A file that nothing writes any more cannot have a tail still being written, so there an incomplete block is
/// damage (a cut file, or a damaged length that points past the end of the file): the reader throws instead of
/// stopping when the file holds its session's SessionEnded, or when the caller says the file is finished (its session
/// ended earlier, or it has not grown for a while; see <see cref="SpoolQuietPeriod"/>).</para>
/// <para>A header that is not <c>["tracelab-spool", 1]</c>, a block whose CRC-32C does not match, bytes that are not a
/// <c>[crc, payload]</c> block, or a checksummed frame that breaks the format all throw a
/// <see cref="SpoolException"/> naming the block's offset, after every block before it has been yielded. Frames are
/// decoded a whole block at a time, so a block's events are yielded all or not at all, and only from a block whose
/// CRC matched. The file is opened only if it is a regular file (<see cref="RegularFile"/>).</para>
/// </remarks>
public sealed class SpoolFileReader
{
    /// <summary>The magic string of the file header.</summary>
    public const string Magic = "tracelab-spool";

    /// <summary>The container version this reader understands: the second element of the file header.</summary>
    /// <remarks>Not <c>SessionStarted.format_version</c> (<see cref="FrameFormatVersion"/>): version 2 of the frames
    /// still lives in container version 1.</remarks>
    public const int FormatVersion = 1;

    /// <summary>The newest frame format (<c>SessionStarted.format_version</c>) whose fields this reader decodes.</summary>
    /// <remarks>Frames of versions 1 and 2 decode; a newer version's frames decode too, without what it appends.</remarks>
    public const int FrameFormatVersion = 2;

    /// <summary>The extension of spool files.</summary>
    public const string FileExtension = ".tlspool";

    /// <summary>The largest block payload accepted: far above the probe's 64 kB flush size, low enough that a
    /// damaged length cannot make the reader allocate gigabytes.</summary>
    public const int MaxPayloadLength = 64 * 1024 * 1024;

    // Array header (fixarray) + uint32 + bin32 header: the widest block prefix any encoder writes is 1 + 5 + 5,
    // but an array16/array32 header may precede them.
    private const int MaxBlockPrefixLength = 5 + 5 + 5;
    private const int HeaderProbeLength = 64;
    private const int InitialWindow = 256 * 1024;

    /// <summary>Creates a reader for the spool file at <paramref name="path"/>; nothing is opened yet.</summary>
    public SpoolFileReader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The spool file.</summary>
    public string Path { get; }

    /// <summary>The session id: the file's base name without <c>.tlspool</c>, the Marten stream key
    /// (<see cref="TraceLab.Events.SessionId"/>).</summary>
    public string SessionId => SessionIdOf(Path);

    /// <summary>The session id of the spool file at <paramref name="path"/>.</summary>
    /// <remarks>Taken as it is, not parsed: a session is stored under its file's name whatever the name's form, so that
    /// files of older probes (<c>pid-start</c>) and of today's (<c>pid-start-server</c>) keep their ids.</remarks>
    public static string SessionIdOf(string path) => System.IO.Path.GetFileNameWithoutExtension(path);

    /// <summary>Yields the complete blocks from <paramref name="fromOffset"/> on, decoded, in file order.</summary>
    /// <param name="fromOffset">0 for the first block, or the <see cref="SpoolBlock.EndOffset"/> of a block read
    /// before (the ingest checkpoint).</param>
    /// <exception cref="SpoolException">The header is wrong, a block is corrupt (after the blocks before it), the file
    /// is shorter than <paramref name="fromOffset"/>, or the file cannot be read.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (any more).</exception>
    public IEnumerable<SpoolBlock> ReadBlocks(long fromOffset = 0) =>
        ReadBlocks(fromOffset, fromOffset == 0 ? 0 : null, whyFinished: null);

    /// <summary>Yields the complete blocks from <paramref name="fromOffset"/> on, decoded, in file order; an incomplete
    /// block at the end is damage when the file is finished.</summary>
    /// <param name="fromOffset">As for <see cref="ReadBlocks(long)"/>.</param>
    /// <param name="lastSeq">The seq of the last frame before <paramref name="fromOffset"/> (0 from the start of the
    /// file), so that errors can number the frame where damage starts; null when not known.</param>
    /// <param name="whyFinished">Asked only when the file ends inside its header or a block: why nothing writes the
    /// file any more, as a clause ("it has not grown for 60 s"), or null when something may still be writing it.
    /// Asked at that moment, after the bytes were read, so that a block written meanwhile is not mistaken for damage.
    /// A file that holds its SessionEnded is finished without asking.</param>
    /// <exception cref="SpoolException">As for <see cref="ReadBlocks(long)"/>, and a finished file that ends inside
    /// its header or a block.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (any more).</exception>
    public IEnumerable<SpoolBlock> ReadBlocks(long fromOffset, long? lastSeq, Func<string?>? whyFinished)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        return ReadBlocksCore(fromOffset, lastSeq, whyFinished ?? (static () => null));
    }

    private IEnumerable<SpoolBlock> ReadBlocksCore(long fromOffset, long? lastSeq, Func<string?> whyFinished)
    {
        using var window = Window.Open(Path);
        var headerEnd = ReadHeader(window);
        if (headerEnd is null)
        {
            if (fromOffset > 0)
            {
                throw SpoolException.ShorterThanCheckpoint(Path, window.FileLength, fromOffset);
            }

            // An empty file is not damage: the probe creates the file before its first write, which may be refused
            // (the spool budget, a full disk) for as long as the session lasts.
            if (window.FileLength > 0 && whyFinished() is { } why)
            {
                throw SpoolException.TruncatedHeader(Path, window.FileLength, why);
            }

            yield break;
        }

        if (fromOffset > window.FileLength)
        {
            throw SpoolException.ShorterThanCheckpoint(Path, window.FileLength, fromOffset);
        }

        if (fromOffset != 0 && fromOffset < headerEnd)
        {
            // The checkpoint came from a file with a shorter header: this one replaced it.
            throw SpoolException.CheckpointInsideHeader(Path, headerEnd.Value, fromOffset);
        }

        var offset = Math.Max(fromOffset, headerEnd.Value);
        var ended = false;
        while (offset < window.FileLength)
        {
            var block = ReadBlock(window, offset, lastSeq);
            if (block.Block is not { } complete)
            {
                if (block.Declared is not null && (ended ? "the file holds its session's SessionEnded" : whyFinished()) is { } why)
                {
                    throw SpoolException.TruncatedBlock(
                        Path, offset, block.Declared.Value, window.FileLength - offset, why, lastSeq + 1);
                }

                yield break;
            }

            if (complete.Events.Count > 0)
            {
                lastSeq = complete.Events[^1].Frame.Seq;
                ended |= complete.Events.Any(e => e is SessionEnded);
            }

            yield return complete;
            offset = complete.EndOffset;
        }
    }

    /// <summary>Checks the header; returns where the first block starts, or null when the header is not all there.</summary>
    private long? ReadHeader(Window window)
    {
        var bytes = window.Get(0, (int)Math.Min(HeaderProbeLength, window.FileLength));
        if (bytes.IsEmpty)
        {
            return null;
        }

        var reader = new MessagePackReader(bytes);
        try
        {
            if (reader.NextMessagePackType != MessagePackType.Array || !reader.TryReadArrayHeader(out var count) || count < 2)
            {
                throw SpoolException.NotASpoolFile(Path, DescribeBytes(bytes.Span));
            }

            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw SpoolException.NotASpoolFile(Path, DescribeBytes(bytes.Span));
            }

            var magic = MessagePackValues.ReadString(ref reader);
            if (magic != Magic)
            {
                throw SpoolException.NotASpoolFile(Path, $"the magic string \"{magic}\"");
            }

            if (reader.NextMessagePackType != MessagePackType.Integer)
            {
                throw SpoolException.NotASpoolFile(
                    Path, $"the magic string followed by {FrameFields.Describe(reader.NextMessagePackType)}");
            }

            var version = reader.ReadInt64();
            if (version != FormatVersion)
            {
                throw SpoolException.UnsupportedVersion(Path, version);
            }

            for (var i = 2; i < count; i++)
            {
                MessagePackValues.Skip(ref reader);
            }

            return reader.Consumed;
        }
        catch (EndOfStreamException) when (window.FileLength < HeaderProbeLength)
        {
            return null;
        }
        catch (Exception e) when (e is EndOfStreamException or MessagePackSerializationException or OverflowException)
        {
            throw SpoolException.NotASpoolFile(Path, DescribeBytes(bytes.Span));
        }
    }

    /// <summary>Reads the block at <paramref name="offset"/>. When it is not complete, says what is missing:
    /// <see cref="BlockRead.Declared"/> is the payload length it declares (-1 when its header is cut), or null when the
    /// file shrank while it was read (the probe cut a failed write back: not damage, whatever else is known).</summary>
    private BlockRead ReadBlock(Window window, long offset, long? lastSeq)
    {
        var prefix = window.Get(offset, (int)Math.Min(MaxBlockPrefixLength, window.FileLength - offset));
        if (!TryReadBlockPrefix(prefix, offset, lastSeq, out var prefixLength, out var storedCrc, out var payloadLength))
        {
            return new BlockRead(null, prefix.Length < Math.Min(MaxBlockPrefixLength, window.FileLength - offset) ? null : -1);
        }

        var end = offset + prefixLength + payloadLength;
        if (end > window.FileLength)
        {
            return new BlockRead(null, payloadLength);
        }

        var payload = window.Get(offset + prefixLength, (int)payloadLength);
        if (payload.Length < payloadLength)
        {
            // The file shrank under us: the probe truncated a failed write. Come back later.
            return new BlockRead(null, null);
        }

        var computedCrc = Crc32C.Compute(payload.Span);
        if (computedCrc != storedCrc)
        {
            throw SpoolException.CorruptBlock(Path, offset, storedCrc, computedCrc, lastSeq + 1);
        }

        var events = DecodeFrames(payload, offset, lastSeq);
        // A copy: the window's buffer is reused for the next blocks.
        return new BlockRead(new SpoolBlock(offset, end, events, payload.ToArray()), null);
    }

    /// <summary>A block read whole, or what is known of one that is not.</summary>
    private readonly record struct BlockRead(SpoolBlock? Block, long? Declared);

    /// <summary>Parses <c>[crc, bin header]</c>; false when the bytes end before the prefix does.</summary>
    private bool TryReadBlockPrefix(
        ReadOnlyMemory<byte> bytes, long offset, long? lastSeq, out int prefixLength, out uint crc, out long payloadLength)
    {
        var frameNumber = lastSeq + 1;
        prefixLength = 0;
        crc = 0;
        payloadLength = 0;
        var reader = new MessagePackReader(bytes);
        try
        {
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block starts with {FrameFields.Describe(reader.NextMessagePackType)} where an array [crc, payload] is expected.",
                    frameNumber);
            }

            if (!reader.TryReadArrayHeader(out var count))
            {
                return false;
            }

            if (count != 2)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block is an array of {count.ToString(CultureInfo.InvariantCulture)} elements where [crc, payload] is expected.",
                    frameNumber);
            }

            if (reader.NextMessagePackType != MessagePackType.Integer)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block's CRC is {FrameFields.Describe(reader.NextMessagePackType)} where a uint32 is expected.", frameNumber);
            }

            crc = reader.ReadUInt32();
            if (reader.NextMessagePackType != MessagePackType.Binary)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block's payload is {FrameFields.Describe(reader.NextMessagePackType)} where a bin is expected.", frameNumber);
            }

            var rest = bytes.Span[(int)reader.Consumed..];
            var (binHeader, length) = rest[0] switch
            {
                MessagePackCode.Bin8 when rest.Length >= 2 => (2, (long)rest[1]),
                MessagePackCode.Bin16 when rest.Length >= 3 => (3, (long)BinaryPrimitives.ReadUInt16BigEndian(rest[1..])),
                MessagePackCode.Bin32 when rest.Length >= 5 => (5, (long)BinaryPrimitives.ReadUInt32BigEndian(rest[1..])),
                _ => (0, -1L),
            };
            if (length < 0)
            {
                return false;
            }

            if (length > MaxPayloadLength)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block declares a payload of {length.ToString(CultureInfo.InvariantCulture)} bytes, more than the "
                    + $"{MaxPayloadLength.ToString(CultureInfo.InvariantCulture)} a block may hold.", frameNumber);
            }

            prefixLength = (int)reader.Consumed + binHeader;
            payloadLength = length;
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (OverflowException)
        {
            throw SpoolException.MalformedBlock(Path, offset, "The block's CRC does not fit in a uint32.", frameNumber);
        }
        catch (MessagePackSerializationException e)
        {
            throw SpoolException.MalformedBlock(Path, offset, e.Message, frameNumber);
        }
    }

    private IRecordedFrame[] DecodeFrames(ReadOnlyMemory<byte> payload, long offset, long? lastSeq)
    {
        var events = new List<IRecordedFrame>();
        var reader = new MessagePackSpanReader(payload.Span);
        var index = 0;
        try
        {
            for (; !reader.End; index++)
            {
                var before = reader;
                if (FrameDecoder.Decode(ref reader) is { } frame)
                {
                    FrameDecoder.Add(events, frame);
                }
                else
                {
                    // A newer probe's frame: this Recorder would store the session without it, and a replay would
                    // judge what it cannot see. The file is quarantined whole from this block, to be recorded again by
                    // a Recorder that knows the type.
                    throw SpoolException.UnrecognizedFrameType(
                        Path, offset, index, TypeOf(before), FrameNumber(events, lastSeq));
                }
            }
        }
        catch (FrameFormatException e)
        {
            throw SpoolException.CorruptFrame(Path, offset, index, e.Problem, FrameNumber(events, lastSeq));
        }
        catch (EndOfStreamException)
        {
            throw SpoolException.CorruptFrame(
                Path, offset, index, "The block's payload ends in the middle of the frame.", FrameNumber(events, lastSeq));
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException)
        {
            throw SpoolException.CorruptFrame(Path, offset, index, Sentence(e.Message), FrameNumber(events, lastSeq));
        }

        return [.. events];
    }

    /// <summary>The type code of the frame <paramref name="reader"/> is at, which decoded as an unrecognized type.</summary>
    private static uint TypeOf(MessagePackSpanReader reader)
    {
        reader.ReadArrayHeader();
        return reader.ReadUInt32();
    }

    /// <summary>The number of the frame a block's decoding stopped at: after the block's frames decoded before it.</summary>
    private static long? FrameNumber(List<IRecordedFrame> decoded, long? lastSeq) =>
        decoded.Count > 0 ? decoded[^1].Frame.Seq + 1 : lastSeq + 1;

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string DescribeBytes(ReadOnlySpan<byte> bytes) =>
        "the bytes " + Convert.ToHexString(bytes[..Math.Min(bytes.Length, 8)]).ToLowerInvariant();
}
