using Microsoft.Extensions.Logging.Abstractions;
using TraceLab.Events;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Ingest;

/// <summary>The handler's checkpoint rules, called directly against a real PostgreSQL.</summary>
public sealed class IngestSpoolBlocksHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appends_events_and_stores_the_checkpoint_in_one_go()
    {
        await using var lab = await RecorderLab.StartAsync();
        var frames = SampleFrames.SessionStart();

        var result = await HandleAsync(lab, SampleBlocks.Message("1-1", "/spool/1-1.tlspool", 0, 100, frames));

        result.ShouldBe(new SpoolBlocksIngested("1-1", IngestOutcome.Appended, 100, 2));
        await using var session = lab.Store.QuerySession();
        (await session.LoadAsync<SpoolCheckpoint>("1-1", Ct)).ShouldBe(new SpoolCheckpoint("1-1", "/spool/1-1.tlspool", 100, 2, 2,
            SampleFrames.SystemIdentifier, SampleFrames.BackendStartUs, Ended: false));
    }

    [Fact]
    public async Task Skips_blocks_the_checkpoint_has_passed()
    {
        await using var lab = await RecorderLab.StartAsync();
        var message = SampleBlocks.Message("1-1", "/spool/1-1.tlspool", 0, 100, SampleFrames.SessionStart());
        await HandleAsync(lab, message);

        var again = await HandleAsync(lab, message);

        again.ShouldBe(new SpoolBlocksIngested("1-1", IngestOutcome.AlreadyIngested, 100, 0));
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Appends_only_the_blocks_after_the_checkpoint_when_ranges_overlap()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 2)];
        await HandleAsync(lab, SampleBlocks.Message("1-1", "f", 0, 100, frames[..4]));

        var result = await HandleAsync(lab, new IngestSpoolBlocks("1-1", "f", 0, 200,
            [SampleBlocks.Block(0, 100, frames[..4]), SampleBlocks.Block(100, 200, frames[4..])]));

        result.ShouldBe(new SpoolBlocksIngested("1-1", IngestOutcome.Appended, 200, 4));
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames);
    }

    [Fact]
    public async Task Stores_the_frames_of_a_message_as_one_batch_of_the_probes_bytes()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 2)];
        var message = new IngestSpoolBlocks("1-1", "f", 0, 200,
            [SampleBlocks.Block(0, 100, frames[..4]), SampleBlocks.Block(100, 200, frames[4..])]);

        await HandleAsync(lab, message);

        await using var session = lab.Store.QuerySession();
        var stored = await session.Events.FetchStreamAsync("1-1", token: Ct);
        var batch = stored.ShouldHaveSingleItem().Data.ShouldBeOfType<FrameBatch>();
        batch.Frames.ShouldBe(message.Blocks.SelectMany(b => b.Payload.ToArray()).ToArray());
        (batch.FirstSeq, batch.LastSeq, batch.FrameCount).ShouldBe((frames[0].Frame.Seq, frames[^1].Frame.Seq, frames.Count));
        var view = (await session.LoadAsync<RecordedSessionView>("1-1", Ct)).ShouldNotBeNull();
        (view.Frames, view.EventsSeen, view.Statements).ShouldBe((frames.Count, 1, 2));
        view.Started.ShouldNotBeNull().Pid.ShouldBe(12345);
    }

    [Fact]
    public async Task Refuses_blocks_that_do_not_follow_the_checkpoint()
    {
        await using var lab = await RecorderLab.StartAsync();

        await Should.ThrowAsync<InvalidOperationException>(
            () => HandleAsync(lab, SampleBlocks.Message("1-1", "f", 100, 200, SampleFrames.SessionStart())));
    }

    [Fact]
    public async Task Advances_the_checkpoint_over_blocks_without_known_frames()
    {
        await using var lab = await RecorderLab.StartAsync();
        await HandleAsync(lab, SampleBlocks.Message("1-1", "f", 0, 100, SampleFrames.SessionStart()));

        var result = await HandleAsync(lab, SampleBlocks.Message("1-1", "f", 100, 150, []));

        result.ShouldBe(new SpoolBlocksIngested("1-1", IngestOutcome.Appended, 150, 0));
        await using var session = lab.Store.QuerySession();
        (await session.LoadAsync<SpoolCheckpoint>("1-1", Ct)).ShouldBe(
            new SpoolCheckpoint("1-1", "f", 150, 2, 2, SampleFrames.SystemIdentifier, SampleFrames.BackendStartUs, Ended: false));
    }

    [Fact]
    public async Task Lets_exactly_one_of_many_concurrent_copies_append_and_rejects_none()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 2)];
        var first = SampleBlocks.Message("1-1", "f", 0, 100, frames[..2]);
        var second = SampleBlocks.Message("1-1", "f", 100, 200, frames[2..]);

        var firstResults = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => HandleAsync(lab, first), Ct)));
        var secondResults = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => HandleAsync(lab, second), Ct)));

        firstResults.Count(r => r.Outcome == IngestOutcome.Appended).ShouldBe(1);
        secondResults.Count(r => r.Outcome == IngestOutcome.Appended).ShouldBe(1);
        // Recorders take turns on the session: none had a transaction rejected, which would leave Marten tombstones.
        firstResults.Concat(secondResults).ShouldNotContain(r => r.Outcome == IngestOutcome.Conflict);
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames);
        (await lab.Sessions.ListSessionsAsync(Ct)).Select(s => s.SessionId).ShouldBe(["1-1"]);
    }

    private static Task<SpoolBlocksIngested> HandleAsync(RecorderLab lab, IngestSpoolBlocks message) =>
        IngestSpoolBlocksHandler.Handle(message, lab.Store, NullLogger<IngestSpoolBlocks>.Instance, Ct);
}
