using System.Runtime.CompilerServices;
using MessagePack;
using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Decodes the frames of one stored <see cref="FrameBatch"/> a few at a time, in order.</summary>
/// <remarks>A batch holds one transaction's frames, often more than ten thousand: decoded all at once they would make
/// a list on the large object heap per batch, and a reader would hold the whole batch decoded while the first frame
/// is replayed. A cursor keeps only its position in the batch's bytes. The checks are
/// <see cref="FrameBatchDecoder.Decode"/>'s: a frame that cannot be decoded, or a count other than the declared one
/// once the batch is done, throws <see cref="StoredFramesException"/>.</remarks>
public sealed class FrameBatchCursor
{
    private readonly FrameBatch batch;
    private readonly int length;
    private int offset;
    private int index;
    private int decoded;

    /// <summary>A cursor at the first frame of <paramref name="batch"/>.</summary>
    public FrameBatchCursor(FrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        this.batch = batch;
        length = batch.Frames.Length;
    }

    /// <summary>A cursor at the first frame of <paramref name="batch"/>, whose frames are the first
    /// <paramref name="length"/> bytes of <see cref="FrameBatch.Frames"/> (a buffer reused from batch to batch).</summary>
    public FrameBatchCursor(FrameBatch batch, int length)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, batch.Frames.Length);
        this.batch = batch;
        this.length = length;
    }

    /// <summary>Whether every frame has been decoded (and the count checked).</summary>
    public bool Done { get; private set; }

    /// <summary>Adds the next frames to <paramref name="frames"/>: frames of at least <paramref name="bytes"/> bytes, or
    /// the rest of the batch; a StatementFinished that ends its transaction is followed by the TransactionEnded it
    /// stands for (<see cref="FrameDecoder.Add"/>). Returns false once the batch is done.</summary>
    /// <exception cref="StoredFramesException">The batch does not hold well-formed frames.</exception>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Next(List<IRecordedFrame> frames, int bytes)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (Done)
        {
            return false;
        }

        var reader = new MessagePackSpanReader(batch.Frames.AsSpan(offset, length - offset));
        try
        {
            for (; !reader.End && reader.Consumed < bytes; index++)
            {
                if (FrameDecoder.Decode(ref reader) is { } frame)
                {
                    var before = frames.Count;
                    FrameDecoder.Add(frames, frame);
                    decoded += frames.Count - before;
                }
            }
        }
        catch (Exception e) when (e is FrameFormatException or EndOfStreamException or MessagePackSerializationException
                                      or OverflowException)
        {
            throw StoredFramesException.Undecodable(batch, index, e is FrameFormatException format ? format.Problem : e.Message, e);
        }

        offset += (int)reader.Consumed;
        if (reader.End)
        {
            Done = true;
            if (decoded != batch.FrameCount)
            {
                throw StoredFramesException.WrongCount(batch, decoded);
            }
        }

        return true;
    }
}
