using System.Buffers.Binary;
using System.Numerics;

namespace TraceLab.Files;

/// <summary>CRC-32C (Castagnoli), PostgreSQL's <c>pg_crc32c</c>: the checksum of spool blocks and of compiled policies,
/// the two formats the probe shares with TraceLab.</summary>
/// <remarks>
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is one raw step of the reflected polynomial 0x82F63B78 (the
/// SSE 4.2 / ARMv8 instruction): it applies neither the initial value nor the final XOR, so this class adds both
/// (0xFFFFFFFF each, as <c>INIT_CRC32C</c> and <c>FIN_CRC32C</c> do). Eight bytes per step are read little-endian,
/// which is the byte order the reflected CRC consumes them in.
/// </remarks>
public static class Crc32C
{
    /// <summary>Computes the CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
