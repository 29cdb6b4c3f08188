using System.Buffers.Binary;
using System.Globalization;
using MessagePack;
using TraceLab.Events;
using TraceLab.Recorder.Frames;

namespace TraceLab.Recorder.Spool;

/// <summary>Reads the complete blocks of one spool file (src/Recorder/Probe/FORMAT.md), from a given offset.</summary>
/// <remarks>
/// <para>The file may still be growing: the probe appends one block per flush. The reader takes the file's length
/// when <see cref="ReadBlocks"/> starts and stops before a block that is not complete within it (a torn tail is the
/// part still being written, not an error); the next call picks it up. A file too short to hold its header yet
/// has no blocks.</para>
/// <para>A header that is not <c>["tracelab-spool", 1]</c>, a block whose CRC-32C does not match, bytes that are not a
/// <c>[crc, payload]</c> block, or a checksummed frame that breaks the format all throw a
/// <see cref="SpoolException"/> naming the block's offset, after every block before it has been yielded.</para>
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

    /// <summary>The session id: the file's base name without <c>.tlspool</c>, the Marten stream key.</summary>
    public string SessionId => SessionIdOf(Path);

    /// <summary>The session id of the spool file at <paramref name="path"/>.</summary>
    public static string SessionIdOf(string path) => System.IO.Path.GetFileNameWithoutExtension(path);

    /// <summary>Yields the complete blocks from <paramref name="fromOffset"/> on, decoded, in file order.</summary>
    /// <param name="fromOffset">0 for the first block, or the <see cref="SpoolBlock.EndOffset"/> of a block read
    /// before (the ingest checkpoint).</param>
    /// <exception cref="SpoolException">The header is wrong, a block is corrupt (after the blocks before it), the file
    /// is shorter than <paramref name="fromOffset"/>, or the file cannot be read.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (any more).</exception>
    public IEnumerable<SpoolBlock> ReadBlocks(long fromOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        return ReadBlocksCore(fromOffset);
    }

    private IEnumerable<SpoolBlock> ReadBlocksCore(long fromOffset)
    {
        using var window = Window.Open(Path);
        var headerEnd = ReadHeader(window);
        if (headerEnd is null)
        {
            if (fromOffset > 0)
            {
                throw SpoolException.ShorterThanCheckpoint(Path, window.FileLength, fromOffset);
            }

            yield break;
        }

        if (fromOffset > window.FileLength)
        {
            throw SpoolException.ShorterThanCheckpoint(Path, window.FileLength, fromOffset);
        }

        if (fromOffset != 0 && fromOffset < headerEnd)
        {
            throw new ArgumentOutOfRangeException(
                nameof(fromOffset), fromOffset, "The offset falls inside the file header, so it cannot be a block boundary.");
        }

        var offset = Math.Max(fromOffset, headerEnd.Value);
        while (offset < window.FileLength)
        {
            var block = ReadBlock(window, offset);
            if (block is null)
            {
                yield break;
            }

            yield return block;
            offset = block.EndOffset;
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

            var magic = reader.ReadString();
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
                reader.Skip();
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

    /// <summary>Reads the block at <paramref name="offset"/>, or returns null when it is not complete yet.</summary>
    private SpoolBlock? ReadBlock(Window window, long offset)
    {
        var prefix = window.Get(offset, (int)Math.Min(MaxBlockPrefixLength, window.FileLength - offset));
        if (!TryReadBlockPrefix(prefix, offset, out var prefixLength, out var storedCrc, out var payloadLength))
        {
            return null;
        }

        var end = offset + prefixLength + payloadLength;
        if (end > window.FileLength)
        {
            return null;
        }

        var payload = window.Get(offset + prefixLength, (int)payloadLength);
        if (payload.Length < payloadLength)
        {
            // The file shrank under us: the probe truncated a failed write. Come back later.
            return null;
        }

        var computedCrc = Crc32C.Compute(payload.Span);
        if (computedCrc != storedCrc)
        {
            throw SpoolException.CorruptBlock(Path, offset, storedCrc, computedCrc);
        }

        var (events, skipped) = DecodeFrames(payload, offset);
        // A copy: the window's buffer is reused for the next blocks.
        return new SpoolBlock(offset, end, events, skipped, payload.ToArray());
    }

    /// <summary>Parses <c>[crc, bin header]</c>; false when the bytes end before the prefix does.</summary>
    private bool TryReadBlockPrefix(ReadOnlyMemory<byte> bytes, long offset, out int prefixLength, out uint crc, out long payloadLength)
    {
        prefixLength = 0;
        crc = 0;
        payloadLength = 0;
        var reader = new MessagePackReader(bytes);
        try
        {
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block starts with {FrameFields.Describe(reader.NextMessagePackType)} where an array [crc, payload] is expected.");
            }

            if (!reader.TryReadArrayHeader(out var count))
            {
                return false;
            }

            if (count != 2)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block is an array of {count.ToString(CultureInfo.InvariantCulture)} elements where [crc, payload] is expected.");
            }

            if (reader.NextMessagePackType != MessagePackType.Integer)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block's CRC is {FrameFields.Describe(reader.NextMessagePackType)} where a uint32 is expected.");
            }

            crc = reader.ReadUInt32();
            if (reader.NextMessagePackType != MessagePackType.Binary)
            {
                throw SpoolException.MalformedBlock(Path, offset,
                    $"The block's payload is {FrameFields.Describe(reader.NextMessagePackType)} where a bin is expected.");
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
                    + $"{MaxPayloadLength.ToString(CultureInfo.InvariantCulture)} a block may hold.");
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
            throw SpoolException.MalformedBlock(Path, offset, "The block's CRC does not fit in a uint32.");
        }
        catch (MessagePackSerializationException e)
        {
            throw SpoolException.MalformedBlock(Path, offset, e.Message);
        }
    }

    private (IRecordedFrame[] Events, int Skipped) DecodeFrames(ReadOnlyMemory<byte> payload, long offset)
    {
        var events = new List<IRecordedFrame>();
        var skipped = 0;
        var reader = new MessagePackReader(payload);
        var index = 0;
        try
        {
            for (; !reader.End; index++)
            {
                if (FrameDecoder.Decode(ref reader) is { } frame)
                {
                    events.Add(frame);
                }
                else
                {
                    skipped++;
                }
            }
        }
        catch (FrameFormatException e)
        {
            throw SpoolException.CorruptFrame(Path, offset, index, e.Message);
        }
        catch (EndOfStreamException)
        {
            throw SpoolException.CorruptFrame(Path, offset, index, "The block's payload ends in the middle of the frame.");
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException)
        {
            throw SpoolException.CorruptFrame(Path, offset, index, e.Message);
        }

        return ([.. events], skipped);
    }

    private static string DescribeBytes(ReadOnlySpan<byte> bytes) =>
        "the bytes " + Convert.ToHexString(bytes[..Math.Min(bytes.Length, 8)]).ToLowerInvariant();
}
