using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Turns a session's stored events, in stream order, back into its frames: a <see cref="FrameBatch"/> into the
/// frames it holds, a per-frame event into itself, anything else (marks such as a quarantine) into nothing.</summary>
/// <remarks>
/// A SessionEnded stored on its own is either the probe's own (streams stored one event per frame, where it is the
/// last frame) or the abnormal end the Recorder appended when it judged the backend gone. The Recorder's judgement can
/// be wrong (a backend in another pid namespace): then frames follow it in the stream, and that end, which took the
/// seq of the first of them, was not the session's end. So such an end is held back and handed out only when no frame
/// follows it; a replay then sees the session go on, with every frame's seq in order.
/// </remarks>
public sealed class StoredFrameSequence
{
    /// <summary>Bytes of a batch <see cref="Frames(object)"/> decodes at a time: a few hundred frames.</summary>
    private const int ChunkBytes = 16 << 10;

    private SessionEnded? heldEnd;

    /// <summary>The frames of the next stored event, as <see cref="Next"/> gives them, but a batch decoded a few frames
    /// at a time as they are enumerated (<see cref="FrameBatchCursor"/>), so that a reader never holds a whole batch
    /// decoded. Enumerate each result once and in stream order.</summary>
    /// <exception cref="StoredFramesException">A stored batch does not hold well-formed frames (thrown while
    /// enumerating, after the frames before the bad one).</exception>
    public IEnumerable<IRecordedFrame> Frames(object stored) =>
        stored is FrameBatch batch ? BatchFrames(batch, batch.Frames.Length) : Next(stored);

    /// <summary>As <see cref="Frames(object)"/> for a batch whose frames are the first <paramref name="length"/> bytes of
    /// <see cref="FrameBatch.Frames"/> (a buffer the reader reuses once the result is enumerated).</summary>
    public IEnumerable<IRecordedFrame> Frames(FrameBatch batch, int length)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, batch.Frames.Length);
        return BatchFrames(batch, length);
    }

    private IEnumerable<IRecordedFrame> BatchFrames(FrameBatch batch, int length)
    {
        heldEnd = null;
        var cursor = new FrameBatchCursor(batch, length);
        var chunk = new List<IRecordedFrame>();
        while (cursor.Next(chunk, ChunkBytes))
        {
            foreach (var frame in chunk)
            {
                yield return frame;
            }

            chunk.Clear();
        }
    }

    /// <summary>The frames of the next stored event.</summary>
    /// <exception cref="StoredFramesException">A stored batch does not hold well-formed frames.</exception>
    public IReadOnlyList<IRecordedFrame> Next(object stored)
    {
        switch (stored)
        {
            case FrameBatch batch:
                heldEnd = null;
                return FrameBatchDecoder.Decode(batch);
            case SessionEnded ended:
                var earlier = heldEnd;
                heldEnd = ended;
                return earlier is null ? [] : [earlier];
            case IRecordedFrame frame:
                heldEnd = null;
                return [frame];
            default:
                return [];
        }
    }

    /// <summary>What is left once the stream has no more events: a held SessionEnded that nothing followed.</summary>
    public IReadOnlyList<IRecordedFrame> End()
    {
        var end = heldEnd;
        heldEnd = null;
        return end is null ? [] : [end];
    }
}
