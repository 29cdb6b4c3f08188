using System.Buffers;
using TraceLab.Events;

namespace TraceLab.Store;

/// <summary>A stored <see cref="FrameBatch"/> read into a buffer from a pool: its frames are the first
/// <see cref="Length"/> bytes of <see cref="FrameBatch.Frames"/>, and the buffer goes back to the pool once they are
/// decoded (<see cref="Release"/>).</summary>
/// <remarks>A batch is a transaction's frames, hundreds of kilobytes: a new array each was an allocation on the large
/// object heap per batch, and the full collections those bring. Decoded frames keep nothing of the buffer (strings are
/// copied out), so it can be reused as soon as the batch is decoded. A few buffers are in use at a time (the read-ahead's
/// and the one being decoded); one of more than <see cref="MaxPooledBytes"/> is not kept.</remarks>
internal sealed class PooledFrameBatch(FrameBatch batch, int length)
{
    private const int MaxPooledBytes = 64 << 20;

    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(MaxPooledBytes, 8);

    public FrameBatch Batch { get; } = batch;

    public int Length { get; } = length;

    /// <summary>A buffer of at least <paramref name="length"/> bytes.</summary>
    public static byte[] Rent(int length) => Buffers.Rent(length);

    /// <summary>Hands a buffer from <see cref="Rent"/> back that no batch holds.</summary>
    public static void Return(byte[] buffer) => Buffers.Return(buffer);

    /// <summary>Hands the buffer back: call once, after the batch's frames are decoded.</summary>
    public void Release() => Buffers.Return(Batch.Frames);
}
