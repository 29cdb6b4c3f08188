using System.Buffers;
using MessagePack;

namespace TraceLab.Replayer.Distributed;

/// <summary>Stores a <see cref="SessionReplayResult"/> as bytes and reads it back: how a worker of a distributed replay
/// hands the coordinator a session's result through the event store.</summary>
/// <remarks>
/// <para>MessagePack after a format version byte (<c>src/Replayer/DISTRIBUTED.md</c>), written by hand rather than with
/// attributes on the policy model: the model stays free of a storage format, and repeated values (the strings, roles,
/// chain entries, verdicts and role catalogs that a session's operations share) are written once per result.</para>
/// <para>Everything a report, its summary and its shapes read round-trips: decoding what
/// <see cref="Encode"/> wrote and assembling it prints the same bytes as the replay the result came from.</para>
/// </remarks>
public static class SessionReplayResultCodec
{
    /// <summary>The result as bytes.</summary>
    public static byte[] Encode(SessionReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteRaw([ResultFormat.Version]);
        new ResultEncoder().Write(ref writer, result);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The result <see cref="Encode"/> wrote.</summary>
    /// <exception cref="SessionReplayResultFormatException">The bytes are not a result of this format version: another
    /// version, damaged, cut short or followed by more bytes.</exception>
    public static SessionReplayResult Decode(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            throw SessionReplayResultFormatException.Damaged(0, "The result is empty.");
        }

        if (bytes.Span[0] != ResultFormat.Version)
        {
            throw SessionReplayResultFormatException.UnsupportedVersion(bytes.Span[0]);
        }

        var reader = new MessagePackReader(bytes[1..]);
        SessionReplayResult result;
        try
        {
            result = new ResultDecoder(bytes.Length - 1).Read(ref reader);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw SessionReplayResultFormatException.Damaged(1 + reader.Consumed, DetailOf(e), e);
        }

        if (!reader.End)
        {
            throw SessionReplayResultFormatException.Damaged(
                1 + reader.Consumed, $"{bytes.Length - 1 - reader.Consumed} bytes follow the end of the result.");
        }

        return result;
    }

    private static string DetailOf(Exception e) => e switch
    {
        FormatException => e.Message,
        EndOfStreamException => "The result ends in the middle of a value.",
        _ => $"The bytes are not a value the result format allows here ({e.Message.TrimEnd('.')}).",
    };
}
