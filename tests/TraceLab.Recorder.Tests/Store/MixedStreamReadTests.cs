using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Store;

/// <summary>The reader takes batches straight from their rows and every other stored event through Marten: a stream
/// that mixes them (per-frame events of an older Recorder, batches of a newer one, marks) reads in stream order, every
/// frame once.</summary>
public sealed class MixedStreamReadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FrameBatch Batch(params IRecordedFrame[] frames) =>
        new(frames[0].Frame.Seq, frames[^1].Frame.Seq, frames.Length,
            [.. frames.SelectMany(FrameEncoder.Encode)], FrameBatchFacts.Of(frames));

    private static StatementFinished Finished(long seq) =>
        new(SampleFrames.Header(seq), 4, FrameOutcome.Succeeded, "", 1);

    [Fact]
    public async Task Per_frame_events_between_batches_read_in_stream_order()
    {
        await using var lab = await RecorderLab.StartAsync();
        var started = SampleFrames.SessionStarted();
        IRecordedFrame[] frames = [started, Finished(2), Finished(3), Finished(4), Finished(5), Finished(6), Finished(7)];
        await AppendAsync(lab, "1-1",
            frames[0], frames[1], Batch(frames[2], frames[3]), frames[4], new SpoolFileQuarantined("cut", "a mark that is no frame", 0, "quarantine"), Batch(frames[5]), frames[6]);

        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames);
    }

    [Fact]
    public async Task A_batch_whose_row_lacks_the_fields_read_straight_is_read_through_Marten()
    {
        await using var lab = await RecorderLab.StartAsync();
        IRecordedFrame[] frames = [SampleFrames.SessionStarted(), Finished(2), Finished(3)];
        await AppendAsync(lab, "1-1", Batch(frames[0], frames[1]), Batch(frames[2]));

        // Marten fills a missing number with its default: the batch then declares no frames and reads as damaged,
        // which shows that this row went through Marten and not through the plain command.
        await StoredJson.RemovePropertiesAsync(lab, "mt_events", "FrameCount");

        (await Should.ThrowAsync<StoredFramesException>(async () => await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)))
            .Detail.ShouldNotBeNull().ShouldContain("where it declares 0");
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAA")]
    [InlineData("AAAA====")]
    public async Task A_batch_whose_frames_are_not_base64_is_reported_as_damaged(string stored)
    {
        // Given a batch whose stored text is no longer base64 (the reader decodes it itself, not the server)
        await using var lab = await RecorderLab.StartAsync();
        await AppendAsync(lab, "1-1", Batch(SampleFrames.SessionStarted(), Finished(2)));
        await StoredJson.SetStringPropertyAsync(lab, "mt_events", "Frames", stored);

        // When it is read, then it is a damaged batch, reported as such, not a database or internal error
        var error = await Should.ThrowAsync<StoredFramesException>(async () => await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct));
        error.Message.ShouldBe("could not decode the stored frames 1–2");
        error.Detail.ShouldBe("The batch's frames are stored as text that is not base64.");
    }

    [Fact]
    public async Task An_unknown_session_reads_nothing()
    {
        await using var lab = await RecorderLab.StartAsync();
        await AppendAsync(lab, "1-1", Batch(SampleFrames.SessionStarted()));

        (await lab.Sessions.ReadEventsAsync("2-2", Ct).ToListAsync(Ct)).ShouldBeEmpty();
    }

    private static async Task AppendAsync(RecorderLab lab, string sessionId, params object[] events)
    {
        await using var session = lab.Store.LightweightSession();
        session.Events.Append(sessionId, events);
        await session.SaveChangesAsync(Ct);
    }
}
