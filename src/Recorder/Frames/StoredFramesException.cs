using System.Globalization;
using TraceLab.Errors;
using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>A stored batch of frames (in the event store, or in a trace file) that does not decode: something other
/// than TraceLab changed it, since the Recorder stores only frames it decoded.</summary>
/// <remarks>A user's problem, not a bug: it is reported as error/detail/hint like every <see cref="TraceLabException"/>,
/// never as an internal error.</remarks>
public sealed class StoredFramesException : TraceLabException
{
    private const string ChangedHint =
        "The event store or trace file was changed by something other than TraceLab; record or export the session again.";

    private StoredFramesException(FrameBatch batch, string detail, Exception? inner)
        : base(
            string.Create(CultureInfo.InvariantCulture, $"could not decode the stored frames {batch.FirstSeq}–{batch.LastSeq}"),
            detail,
            ChangedHint,
            inner)
    {
    }

    /// <summary>Frame <paramref name="index"/> of <paramref name="batch"/> does not follow the format.</summary>
    /// <param name="problem">What is wrong, as a complete sentence.</param>
    public static StoredFramesException Undecodable(FrameBatch batch, int index, string problem, Exception inner)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new StoredFramesException(
            batch, string.Create(CultureInfo.InvariantCulture, $"Frame {index} of the batch cannot be decoded: {problem}"), inner);
    }

    /// <summary>The stored text of <paramref name="batch"/>'s frames is not base64, as the event store keeps them.</summary>
    public static StoredFramesException NotBase64(FrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new StoredFramesException(batch, "The batch's frames are stored as text that is not base64.", null);
    }

    /// <summary><paramref name="batch"/> holds another number of frames than it declares.</summary>
    public static StoredFramesException WrongCount(FrameBatch batch, int found)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new StoredFramesException(
            batch,
            string.Create(CultureInfo.InvariantCulture, $"The batch holds {found} frames where it declares {batch.FrameCount}."),
            null);
    }
}
