using MessagePack;
using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Turns a stored <see cref="FrameBatch"/> back into one typed event per frame.</summary>
public static class FrameBatchDecoder
{
    /// <summary>Decodes the frames of <paramref name="batch"/>, in order; frames of unrecognized types are skipped, as
    /// they were when the batch was ingested, and a StatementFinished that ends its transaction is followed by the
    /// TransactionEnded it stands for (<see cref="FrameDecoder.Add"/>), as it was counted then.</summary>
    /// <exception cref="StoredFramesException">The batch does not hold well-formed frames: the event store was changed
    /// by something other than the Recorder.</exception>
    public static IReadOnlyList<IRecordedFrame> Decode(FrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var frames = new List<IRecordedFrame>(batch.FrameCount);
        var reader = new MessagePackReader(batch.Frames);
        var index = 0;
        try
        {
            for (; !reader.End; index++)
            {
                if (FrameDecoder.Decode(ref reader) is { } frame)
                {
                    FrameDecoder.Add(frames, frame);
                }
            }
        }
        catch (Exception e) when (e is FrameFormatException or EndOfStreamException or MessagePackSerializationException
                                      or OverflowException)
        {
            throw StoredFramesException.Undecodable(batch, index, e is FrameFormatException format ? format.Problem : e.Message, e);
        }

        if (frames.Count != batch.FrameCount)
        {
            throw StoredFramesException.WrongCount(batch, frames.Count);
        }

        return frames;
    }
}
