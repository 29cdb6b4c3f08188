using System.Buffers.Binary;
using System.Buffers;
using MessagePack;
using TraceLab.Events;
using TraceLab.Files;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>A test-only spool writer: header and blocks exactly as FORMAT.md describes them.</summary>
internal static class TestSpool
{
    public static byte[] Header(string magic = SpoolFileReader.Magic, long version = SpoolFileReader.FormatVersion)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(magic);
        writer.Write(version);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A block with the probe's fixed-width prefix: <c>0x92 0xce crc:4 0xc6 len:4</c>.</summary>
    public static byte[] Block(params byte[][] frames)
    {
        var payload = frames.SelectMany(f => f).ToArray();
        return BlockWithCrc(Crc32C.Compute(payload), payload);
    }

    public static byte[] Block(IEnumerable<IRecordedFrame> frames) => Block([.. frames.Select(FrameEncoder.Encode)]);

    public static byte[] BlockWithCrc(uint crc, byte[] payload)
    {
        var block = new byte[11 + payload.Length];
        block[0] = 0x92;
        block[1] = 0xce;
        BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(2), crc);
        block[6] = 0xc6;
        BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(7), (uint)payload.Length);
        payload.CopyTo(block, 11);
        return block;
    }

    /// <summary>A block in the most compact encoding a generic MessagePack writer produces.</summary>
    public static byte[] CompactBlock(params byte[][] frames)
    {
        var payload = frames.SelectMany(f => f).ToArray();
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(Crc32C.Compute(payload));
        writer.Write(payload);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a spool file named <c>&lt;sessionId&gt;.tlspool</c> from the given parts.</summary>
    public static string Write(string directory, string sessionId, params byte[][] parts)
    {
        var path = Path.Combine(directory, sessionId + SpoolFileReader.FileExtension);
        File.WriteAllBytes(path, [.. parts.SelectMany(p => p)]);
        return path;
    }

    /// <summary>A server start file's content, byte for byte as the postmaster writes it: fixed-width integers.</summary>
    public static byte[] ServerStart(ulong systemIdentifier, long startUs)
    {
        var bytes = new byte[35];
        bytes[0] = 0x94;
        bytes[1] = 0xae;
        System.Text.Encoding.ASCII.GetBytes(ServerStartFileReader.Magic).CopyTo(bytes, 2);
        bytes[16] = 0x01;
        bytes[17] = 0xcf;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(18), systemIdentifier);
        bytes[26] = 0xd3;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(27), startUs);
        return bytes;
    }

    /// <summary>Writes <c>&lt;systemIdentifier&gt;-&lt;startUs&gt;.tlstart</c>, as the postmaster does at every (re)start.</summary>
    public static string WriteServerStart(string directory, ulong systemIdentifier, long startUs)
    {
        var path = Path.Combine(directory, $"{systemIdentifier}-{startUs}{ServerStartFileReader.FileExtension}");
        File.WriteAllBytes(path, ServerStart(systemIdentifier, startUs));
        return path;
    }

    public static void Append(string path, params byte[][] parts)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        foreach (var part in parts)
        {
            stream.Write(part);
        }
    }
}
