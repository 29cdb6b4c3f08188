using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>A stored batch decoded a few frames at a time (as a streaming reader does) gives what decoding it whole
/// gives, and fails the same way on a batch that does not hold what it declares.</summary>
public sealed class FrameBatchCursorTests
{
    private static FrameHeader H(long seq) => new(seq, 0, 0, 1_000_000 + seq, 10, 10, SecurityContext.None);

    /// <summary>Statements of which every other one ends its transaction (so the batch holds implied frames too).</summary>
    private static (FrameBatch Batch, int Encoded) Batch(int statements)
    {
        var bytes = new List<byte>();
        var frames = 0;
        var seq = 1L;
        for (var i = 0; i < statements; i++)
        {
            bytes.AddRange(FrameEncoder.Encode(new StatementStarted(H(seq++), 42, "SELECT", StatementKind.Planned,
                StatementContext.TopLevel, $"SELECT {i}", Targets: [])));
            var ends = i % 2 == 0;
            bytes.AddRange(FrameEncoder.Encode(new StatementFinished(H(seq++), 4, FrameOutcome.Succeeded, "", 1)
            {
                EndsTransaction = ends ? TransactionOutcome.Committed : null,
            }));
            frames += ends ? 3 : 2;
            seq += ends ? 1 : 0;
        }

        return (new FrameBatch(1, seq - 1, frames, [.. bytes], FrameBatchFacts.Of([])), frames);
    }

    [Theory]
    [InlineData(1, 400, 400)]
    [InlineData(100, 2, 399)]
    [InlineData(int.MaxValue, 1, 1)]
    public void Decoding_a_few_bytes_at_a_time_gives_the_frames_decoding_the_whole_batch_gives(int bytes, int minSteps, int maxSteps)
    {
        var (batch, frames) = Batch(200);
        var cursor = new FrameBatchCursor(batch);
        var decoded = new List<IRecordedFrame>();
        var steps = 0;

        while (cursor.Next(decoded, bytes))
        {
            steps++;
        }

        decoded.Count.ShouldBe(frames);
        decoded.ShouldBe(FrameBatchDecoder.Decode(batch));
        cursor.Done.ShouldBeTrue();
        // at least one frame a step (400 encoded), and the whole batch in one when the step is large enough
        steps.ShouldBeInRange(minSteps, maxSteps);
    }

    [Fact]
    public void A_batch_in_a_longer_buffer_decodes_only_its_own_bytes()
    {
        // Given a batch whose frames fill the start of a reused buffer that still holds another batch's frames
        var (batch, frames) = Batch(50);
        var (other, _) = Batch(80);
        var buffer = other.Frames.ToArray();
        batch.Frames.CopyTo(buffer, 0);
        var cursor = new FrameBatchCursor(batch with { Frames = buffer }, batch.Frames.Length);
        var decoded = new List<IRecordedFrame>();

        // When it is decoded up to its length
        while (cursor.Next(decoded, 100))
        {
        }

        // Then it gives its own frames, and the rest of the buffer is never read
        decoded.Count.ShouldBe(frames);
        decoded.ShouldBe(FrameBatchDecoder.Decode(batch));
    }

    [Fact]
    public void A_batch_that_declares_another_count_fails_once_its_last_frame_is_decoded()
    {
        var (batch, frames) = Batch(10);
        var cursor = new FrameBatchCursor(batch with { FrameCount = frames + 1 });
        var decoded = new List<IRecordedFrame>();

        Should.Throw<StoredFramesException>(() =>
            {
                while (cursor.Next(decoded, 1))
                {
                }
            })
            .Detail.ShouldBe($"The batch holds {frames} frames where it declares {frames + 1}.");
        decoded.Count.ShouldBe(frames);
    }

    [Fact]
    public void A_frame_that_cannot_be_decoded_is_named_by_its_index_after_the_frames_before_it()
    {
        var (batch, _) = Batch(3);
        byte[] cut = [.. batch.Frames.AsSpan(0, batch.Frames.Length - 3)];
        var cursor = new FrameBatchCursor(batch with { Frames = cut });
        var decoded = new List<IRecordedFrame>();

        Should.Throw<StoredFramesException>(() =>
            {
                while (cursor.Next(decoded, 1))
                {
                }
            })
            .Detail.ShouldNotBeNull().ShouldStartWith("Frame 5 of the batch cannot be decoded: ");
        decoded.Count.ShouldBe(6);
    }
}
