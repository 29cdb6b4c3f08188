using TraceLab.Events;
using TraceLab.Recorder.Frames;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>A session's stored events back into frames: an abnormal end the Recorder appended is dropped when frames
/// follow it (the backend was not gone after all), and kept when none do.</summary>
public sealed class StoredFrameSequenceTests
{
    private static FrameHeader H(long seq) => new(seq, 0, 0, 1_000_000, 10, 10, SecurityContext.None);

    private static List<IRecordedFrame> Read(params object[] stored)
    {
        var sequence = new StoredFrameSequence();
        var frames = stored.SelectMany(sequence.Next).ToList();
        frames.AddRange(sequence.End());
        return frames;
    }

    [Fact]
    public void An_end_that_nothing_follows_is_the_sessions_end()
    {
        var statement = new StatementFinished(H(5), 4, FrameOutcome.Succeeded, "", 1);
        var end = new SessionEnded(H(6));

        Read(statement, end).ShouldBe([statement, end]);
    }

    [Fact]
    public void An_end_that_frames_follow_was_not_the_sessions_end()
    {
        var before = new StatementFinished(H(5), 4, FrameOutcome.Succeeded, "", 1);
        var wrongEnd = new SessionEnded(H(6));
        var after = new TransactionEnded(H(6), TransactionOutcome.Committed);
        var realEnd = new SessionEnded(H(7));

        Read(before, wrongEnd, after, realEnd).Select(f => f.Frame.Seq).ShouldBe([5L, 6L, 7L]);
        Read(before, wrongEnd, after, realEnd)[1].ShouldBe(after);
    }

    [Fact]
    public void A_mark_that_is_not_a_frame_neither_ends_nor_reopens_the_session()
    {
        var end = new SessionEnded(H(6));

        Read(end, "a quarantine mark").ShouldBe([end]);
    }
}
