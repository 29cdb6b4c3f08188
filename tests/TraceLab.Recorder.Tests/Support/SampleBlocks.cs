using TraceLab.Events;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Spool blocks and ingest messages made of typed frames, encoded as the probe encodes them.</summary>
internal static class SampleBlocks
{
    /// <summary>A block from <paramref name="offset"/> to <paramref name="end"/> holding <paramref name="frames"/>.</summary>
    public static SpoolBlock Block(long offset, long end, IReadOnlyList<IRecordedFrame> frames) =>
        new(offset, end, frames, frames.SelectMany(FrameEncoder.Encode).ToArray());

    /// <summary>One message of one block holding <paramref name="frames"/>.</summary>
    public static IngestSpoolBlocks Message(string sessionId, string file, long from, long to, IReadOnlyList<IRecordedFrame> frames) =>
        new(sessionId, file, from, to, [Block(from, to, frames)]);
}
