using System.Buffers.Binary;
using System.Numerics;

namespace TraceLab.Policies.Compiled;

/// <summary>CRC-32C (Castagnoli) as PostgreSQL's <c>pg_crc32c</c> computes it, the checksum of a compiled policy.</summary>
/// <remarks>The same computation as the spool reader's (TraceLab.Recorder, which this assembly may not reference):
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is one raw step, to which the initial value and final XOR
/// (0xFFFFFFFF, as <c>INIT_CRC32C</c> and <c>FIN_CRC32C</c>) are added.</remarks>
internal static class Crc32C
{
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
