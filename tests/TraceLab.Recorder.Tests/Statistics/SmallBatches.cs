using MessagePack;
using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Statistics;

/// <summary>Appends a spool file's frames as <see cref="FrameBatch"/> events of a few frames each, cut wherever the count
/// falls (inside statements and function calls), each frame's bytes exactly as the probe wrote them.</summary>
internal static class SmallBatches
{
    public static async Task<int> AppendAsync(RecorderLab lab, string sessionId, string spoolFile, int framesPerBatch)
    {
        var frames = new List<(IRecordedFrame Frame, byte[] Bytes)>();
        foreach (var block in new SpoolFileReader(spoolFile).ReadBlocks())
        {
            var reader = new MessagePackReader(block.Payload);
            while (!reader.End)
            {
                var start = reader.Position;
                var frame = FrameDecoder.Decode(ref reader);
                if (frame is not null)
                {
                    frames.Add((frame, System.Buffers.BuffersExtensions.ToArray(reader.Sequence.Slice(start, reader.Position))));
                }
            }
        }

        var batches = frames.Chunk(framesPerBatch)
            .Select(chunk => (object)new FrameBatch(
                chunk[0].Frame.Frame.Seq,
                chunk[^1].Frame.Frame.Seq,
                chunk.Length,
                [.. chunk.SelectMany(f => f.Bytes)],
                FrameBatchFacts.Of(chunk.Select(f => f.Frame))))
            .ToList();
        await using var session = lab.Store.LightweightSession();
        session.Events.Append(sessionId, batches);
        await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        return batches.Count;
    }
}
