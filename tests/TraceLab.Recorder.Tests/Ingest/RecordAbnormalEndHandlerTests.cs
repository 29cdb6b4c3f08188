using Microsoft.Extensions.Logging.Abstractions;
using TraceLab.Events;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Ingest;

/// <summary>The abnormal-end handler's rules, called directly against a real PostgreSQL: when the end is due, what it
/// looks like, and that it is appended exactly once.</summary>
public sealed class RecordAbnormalEndHandlerTests
{
    private const string Id = "12345-1795889206123456";
    private const long Offset = 500;

    private static readonly ServerStart Restart =
        new("s.tlstart", SampleFrames.SystemIdentifier, SampleFrames.BackendStartUs + 60_000_000);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appends_an_abnormal_end_after_the_last_frame_of_a_session_its_server_outlived()
    {
        await using var lab = await RecorderLab.StartAsync();
        var frames = await IngestAsync(lab, [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 2)]);

        var result = await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset, [Restart]));

        result.ShouldBe(new AbnormalEndRecorded(Id, AbnormalEndOutcome.Appended));
        var events = await lab.Sessions.ReadEventsAsync(Id, Ct).ToListAsync(Ct);
        events[..^1].ShouldMatch(frames);
        events[^1].ShouldBe(new SessionEnded(new FrameHeader(9, 0, 0, Restart.StartUs, 0, 0, SecurityContext.None), Abnormal: true));
        (await CheckpointAsync(lab)).ShouldBe(new SpoolCheckpoint(Id, "f", Offset, 9, 9,
            SampleFrames.SystemIdentifier, SampleFrames.BackendStartUs, Ended: true, EndedAbnormally: true));
        (await lab.Sessions.FindSessionAsync(Id, Ct)).ShouldNotBeNull().State.ShouldBe(SessionState.EndedAbnormally);
    }

    [Fact]
    public async Task Dates_the_end_by_the_first_start_of_its_server_after_the_backend()
    {
        await using var lab = await RecorderLab.StartAsync();
        await IngestAsync(lab, SampleFrames.SessionStart());
        ServerStart[] starts =
        [
            Restart with { StartUs = Restart.StartUs + 5 },
            Restart with { StartUs = SampleFrames.BackendStartUs - 1 },
            Restart,
        ];

        await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset, starts));

        var end = (await lab.Sessions.ReadEventsAsync(Id, Ct).ToListAsync(Ct))[^1].ShouldBeOfType<SessionEnded>();
        end.Frame.TimestampUs.ShouldBe(Restart.StartUs);
    }

    [Fact]
    public async Task Leaves_a_session_that_ended_normally_alone()
    {
        await using var lab = await RecorderLab.StartAsync();
        await IngestAsync(lab, [.. SampleFrames.SessionStart(), new SessionEnded(SampleFrames.Header(3))]);

        var result = await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset, [Restart]));

        result.Outcome.ShouldBe(AbnormalEndOutcome.Ended);
        (await lab.Sessions.ReadEventsAsync(Id, Ct).ToListAsync(Ct)).OfType<SessionEnded>().ShouldHaveSingleItem().Abnormal.ShouldBeFalse();
    }

    public static TheoryData<string, ulong, long> StartsThatEndNothing => new()
    {
        { "a start of another server", SampleFrames.SystemIdentifier + 1, SampleFrames.BackendStartUs + 60_000_000 },
        { "the start the backend belongs to", SampleFrames.SystemIdentifier, SampleFrames.BackendStartUs - 1_000_000 },
    };

    [Theory]
    [MemberData(nameof(StartsThatEndNothing))]
    public async Task Leaves_a_session_alone_when_no_later_start_of_its_server_is_known(string why, ulong system, long startUs)
    {
        await using var lab = await RecorderLab.StartAsync();
        await IngestAsync(lab, SampleFrames.SessionStart());

        var result = await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset, [new ServerStart("s", system, startUs)]));

        result.Outcome.ShouldBe(AbnormalEndOutcome.Live, why);
        (await lab.Sessions.ReadEventsAsync(Id, Ct).ToListAsync(Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Waits_while_the_checkpoint_is_not_where_the_ingestor_left_it()
    {
        await using var lab = await RecorderLab.StartAsync();
        await IngestAsync(lab, SampleFrames.SessionStart());

        var result = await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset - 100, [Restart]));

        result.Outcome.ShouldBe(AbnormalEndOutcome.Conflict);
        (await lab.Sessions.ReadEventsAsync(Id, Ct).ToListAsync(Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Appends_exactly_once_however_many_recorders_judge_the_session_at_once_or_again_later()
    {
        await using var lab = await RecorderLab.StartAsync();
        await IngestAsync(lab, SampleFrames.SessionStart());
        var message = new RecordAbnormalEnd(Id, Offset, [Restart]);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => HandleAsync(lab, message), Ct)));
        var later = await HandleAsync(lab, message);

        concurrent.Count(r => r.Outcome == AbnormalEndOutcome.Appended).ShouldBe(1);
        concurrent.ShouldAllBe(r => r.Outcome != AbnormalEndOutcome.Live);
        later.Outcome.ShouldBe(AbnormalEndOutcome.Ended);
        (await lab.Sessions.ReadEventsAsync(Id, Ct).ToListAsync(Ct)).OfType<SessionEnded>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Appends_an_abnormal_end_when_the_sessions_own_server_says_its_backend_is_gone()
    {
        await using var lab = await RecorderLab.StartAsync();
        await IngestAsync(lab, [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 2)]);
        var otherServer = new TraceLab.Recorder.Liveness.BackendGone(SampleFrames.SystemIdentifier + 1, 42, "gone");
        var ownServer = otherServer with { SystemIdentifier = SampleFrames.SystemIdentifier };

        var fromAnother = await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset, [], otherServer));
        var fromItsOwn = await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset, [], ownServer));

        fromAnother.Outcome.ShouldBe(AbnormalEndOutcome.Live, "another server cannot judge this session");
        fromItsOwn.Outcome.ShouldBe(AbnormalEndOutcome.Appended);
        var events = await lab.Sessions.ReadEventsAsync(Id, Ct).ToListAsync(Ct);
        events[^1].ShouldBe(new SessionEnded(new FrameHeader(9, 0, 0, 42, 0, 0, SecurityContext.None), Abnormal: true));
    }

    [Fact]
    public async Task Completes_a_checkpoint_written_before_the_recorder_kept_session_facts_from_the_stream()
    {
        await using var lab = await RecorderLab.StartAsync();
        await IngestAsync(lab, SampleFrames.SessionStart());
        await StoredJson.RemovePropertiesAsync(lab, "mt_doc_spoolcheckpoint", "SystemIdentifier", "BackendStartUs", "Ended");
        (await CheckpointAsync(lab)).ShouldBe(new SpoolCheckpoint(Id, "f", Offset, 2, 2));

        var result = await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset, [Restart]));

        result.Outcome.ShouldBe(AbnormalEndOutcome.Appended);
        (await CheckpointAsync(lab)).ShouldBe(new SpoolCheckpoint(Id, "f", Offset, 3, 3,
            SampleFrames.SystemIdentifier, SampleFrames.BackendStartUs, Ended: true, EndedAbnormally: true));
    }

    [Fact]
    public async Task Remembers_from_the_stream_that_an_old_checkpoints_session_ended()
    {
        await using var lab = await RecorderLab.StartAsync();
        await IngestAsync(lab, [.. SampleFrames.SessionStart(), new SessionEnded(SampleFrames.Header(3))]);
        await StoredJson.RemovePropertiesAsync(lab, "mt_doc_spoolcheckpoint", "SystemIdentifier", "BackendStartUs", "Ended");

        var result = await HandleAsync(lab, new RecordAbnormalEnd(Id, Offset, [Restart]));

        result.Outcome.ShouldBe(AbnormalEndOutcome.Ended);
        (await CheckpointAsync(lab)).ShouldNotBeNull().Ended.ShouldBe(true);
        (await lab.Sessions.ReadEventsAsync(Id, Ct).ToListAsync(Ct)).Count.ShouldBe(3);
    }

    [Fact]
    public void Judges_a_checkpoint_without_a_session_start_as_unknown()
    {
        var checkpoint = new SpoolCheckpoint(Id, "f", Offset, 3, 3, null, null, Ended: false);

        RecordAbnormalEndHandler.Judge(checkpoint, [Restart]).ShouldBe((AbnormalEndOutcome.Unknown, checkpoint));
    }

    private static async Task<List<IRecordedFrame>> IngestAsync(RecorderLab lab, List<IRecordedFrame> frames)
    {
        await IngestSpoolBlocksHandler.Handle(
            SampleBlocks.Message(Id, "f", 0, Offset, frames), lab.Store,
            NullLogger<IngestSpoolBlocks>.Instance, Ct);
        return frames;
    }

    private static async Task<SpoolCheckpoint?> CheckpointAsync(RecorderLab lab)
    {
        await using var session = lab.Store.QuerySession();
        return await session.LoadAsync<SpoolCheckpoint>(Id, Ct);
    }

    private static Task<AbnormalEndRecorded> HandleAsync(RecorderLab lab, RecordAbnormalEnd message) =>
        RecordAbnormalEndHandler.Handle(message, lab.Store, NullLogger<RecordAbnormalEnd>.Instance, Ct);
}
