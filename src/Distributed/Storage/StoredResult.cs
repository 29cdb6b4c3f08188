using MessagePack;
using TraceLab.Errors;

namespace TraceLab.Distributed.Storage;

/// <summary>How an encoded <c>SessionReplayResult</c> is kept in <see cref="SessionResultDocument.Result"/>: LZ4
/// compressed (MessagePack's <see cref="MessagePackCompression.Lz4BlockArray"/>).</summary>
/// <remarks>Marten keeps a byte array as base64 text in the document's JSON, which the worker writes and the
/// coordinator reads back whole. A result repeats chain shapes and texts from operation to operation: compressed, the
/// 1,200 results of scripts/bench-distributed.sh's trace (2.5M events) take 21 MB of base64, 8.4 bytes per event, and
/// a run with 2 workers took 12.5 s instead of 19.7 s.</remarks>
public static class StoredResult
{
    private static readonly MessagePackSerializerOptions Lz4 =
        MessagePackSerializerOptions.Standard.WithCompression(MessagePackCompression.Lz4BlockArray).WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>The stored form of <paramref name="encoded"/>.</summary>
    public static byte[] Pack(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return MessagePackSerializer.Serialize(encoded, Lz4);
    }

    /// <summary>The encoded result in <paramref name="stored"/>.</summary>
    /// <exception cref="TraceLabException">The stored bytes are not a packed result.</exception>
    public static byte[] Unpack(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        try
        {
            return MessagePackSerializer.Deserialize<byte[]>(stored, Lz4)
                ?? throw new MessagePackSerializationException("The stored result is nil.");
        }
        catch (MessagePackSerializationException e)
        {
            throw new TraceLabException(
                "invalid replay result",
                $"The stored result cannot be unpacked: {e.Message}",
                "The stored result is damaged or was not written by this tracelab version; run the replay again.",
                e);
        }
    }
}
