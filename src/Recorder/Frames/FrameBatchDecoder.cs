using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Turns a stored <see cref="FrameBatch"/> back into one typed event per frame.</summary>
public static class FrameBatchDecoder
{
    /// <summary>Decodes the frames of <paramref name="batch"/>, in order; frames of unrecognized types are skipped, as
    /// they were when the batch was ingested, and a StatementFinished that ends its transaction is followed by the
    /// TransactionEnded it stands for (<see cref="FrameDecoder.Add"/>), as it was counted then.</summary>
    /// <remarks>Holds the whole batch decoded: readers that stream use <see cref="FrameBatchCursor"/>.</remarks>
    /// <exception cref="StoredFramesException">The batch does not hold well-formed frames: the event store was changed
    /// by something other than the Recorder.</exception>
    public static IReadOnlyList<IRecordedFrame> Decode(FrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var frames = new List<IRecordedFrame>(batch.FrameCount);
        var cursor = new FrameBatchCursor(batch);
        while (cursor.Next(frames, int.MaxValue))
        {
        }

        return frames;
    }
}
