using System.Runtime.Versioning;
using TraceLab.Events;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Ingest;

/// <summary>Every bad file is reported once, its good part ingested and the file moved to the quarantine directory
/// with a note, and nothing else is held up; a file still being written is never taken for a damaged one.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class QuarantineIngestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_damaged_length_in_a_finished_file_is_reported_with_its_offset_and_the_file_quarantined()
    {
        await using var lab = await RecorderLab.StartAsync();
        var spool = DamagedSpool.Write(lab.SpoolDirectory, "1-1");
        File.SetLastWriteTimeUtc(spool.Path, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-2));
        var good = GoodFile(lab, "2-2");

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);
        var again = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.EventsAppended.ShouldBe(spool.FramesBefore + good.Count);
        var error = summary.Errors.ShouldHaveSingleItem();
        error.Message.ShouldBe($"could not decode block at offset {spool.DamageOffset} in spool file \"{spool.Path}\"");
        error.Detail.ShouldNotBeNull().ShouldContain("the file is no longer being written: it has not grown for 60 s (quiet period). "
            + "The damage starts at frame 19.");
        error.FrameNumber.ShouldBe(19);
        var moved = summary.Quarantined.ShouldHaveSingleItem();
        moved.Problem.ShouldBeSameAs(error);
        moved.Destination.ShouldBe(Path.Combine(lab.SpoolDirectory, "quarantine", "1-1.tlspool"));
        moved.IngestedTo.ShouldBe(spool.DamageOffset);
        error.Hint.ShouldEndWith($"The file was moved to \"{moved.Destination}\", with what happened in \"{moved.Note}\".");
        summary.OnlyQuarantineErrors.ShouldBeTrue();
        File.Exists(spool.Path).ShouldBeFalse();
        File.ReadAllLines(moved.Note).ShouldContain($"ingested_to: {spool.DamageOffset}");
        File.ReadAllLines(moved.Note).ShouldContain($"offset: {spool.DamageOffset}");
        File.ReadAllLines(moved.Note).ShouldContain("frame: 19");
        again.ShouldBe(new SpoolIngestSummaryShape(1, 0, 0, 0), again.Errors);
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(spool.Frames.Take(spool.FramesBefore));
        (await lab.Sessions.ReadEventsAsync("2-2", Ct).ToListAsync(Ct)).ShouldMatch(good);
    }

    [Fact]
    public async Task A_quarantined_session_is_listed_as_quarantined_once_and_keeps_its_good_frames()
    {
        await using var lab = await RecorderLab.StartAsync();
        var spool = DamagedSpool.Write(lab.SpoolDirectory, "1-1");
        File.SetLastWriteTimeUtc(spool.Path, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-2));
        GoodFile(lab, "2-2");
        var another = await lab.StartAnotherRecorderAsync();

        await Task.WhenAll(
            lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct), another.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct));

        var sessions = (await lab.Sessions.ListSessionsAsync(Ct)).ToDictionary(s => s.SessionId);
        sessions["1-1"].State.ShouldBe(TraceLab.Store.SessionState.Quarantined);
        TraceLab.Store.SessionStates.Name(sessions["1-1"].State).ShouldBe("quarantined");
        sessions["1-1"].EventCount.ShouldBe(spool.FramesBefore);
        sessions["2-2"].State.ShouldNotBe(TraceLab.Store.SessionState.Quarantined);
        var view = await lab.Store.QuerySession().LoadAsync<TraceLab.Store.RecordedSessionView>("1-1", Ct);
        view.ShouldNotBeNull().Quarantined.ShouldNotBeNull().Offset.ShouldBe(spool.DamageOffset);
        var stream = await lab.Store.QuerySession().Events.FetchStreamAsync("1-1", token: Ct);
        stream.Count(e => e.Data is TraceLab.Store.SpoolFileQuarantined).ShouldBe(1);
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(spool.Frames.Take(spool.FramesBefore));
    }

    [Fact]
    public async Task The_same_file_just_written_is_an_unfinished_tail_and_stays()
    {
        await using var lab = await RecorderLab.StartAsync();
        var spool = DamagedSpool.Write(lab.SpoolDirectory, "1-1");

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.ShouldBe(new SpoolIngestSummaryShape(1, 1, spool.FramesBefore, 0), summary.Errors);
        summary.Quarantined.ShouldBeEmpty();
        File.Exists(spool.Path).ShouldBeTrue();
        Directory.Exists(Path.Combine(lab.SpoolDirectory, "quarantine")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_named_pipe_is_quarantined_without_being_opened_and_every_other_file_is_ingested()
    {
        await using var lab = await RecorderLab.StartAsync();
        var pipe = NamedPipe.Create(Path.Combine(lab.SpoolDirectory, "1-1.tlspool"));
        var good = GoodFile(lab, "2-2");

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        summary.EventsAppended.ShouldBe(good.Count);
        summary.Errors.ShouldHaveSingleItem().Message.ShouldBe($"file \"{pipe}\" is not a regular file");
        var moved = summary.Quarantined.ShouldHaveSingleItem();
        moved.IngestedTo.ShouldBe(0);
        RegularFile.DescribeIfNotRegular(moved.Destination).ShouldBe("a named pipe (FIFO)");
        File.ReadAllLines(moved.Note).ShouldContain("file_type: a named pipe (FIFO)");
        summary.OnlyQuarantineErrors.ShouldBeTrue();
    }

    [Fact]
    public async Task A_file_of_another_container_version_is_quarantined_to_the_configured_directory()
    {
        using var elsewhere = new TestDirectory();
        await using var lab = await RecorderLab.StartAsync(configure: o => o.QuarantineDirectory = elsewhere.Path);
        var path = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(version: 2), TestSpool.Block(SampleFrames.SessionStart()));

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.Errors.ShouldHaveSingleItem().Message.ShouldBe($"spool file \"{path}\" has unsupported container version 2");
        summary.Quarantined.ShouldHaveSingleItem().Destination.ShouldBe(Path.Combine(elsewhere.Path, "1-1.tlspool"));
    }

    [Fact]
    public async Task A_session_that_ended_has_no_unfinished_tail_even_in_a_fresh_file()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), new SessionEnded(SampleFrames.Header(3))];
        var header = TestSpool.Header();
        var ended = TestSpool.Block(frames);
        var path = TestSpool.Write(lab.SpoolDirectory, "1-1", header, ended);
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);
        TestSpool.Append(path, TestSpool.Block(SampleFrames.Statements(4, 1))[..9]);

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        var error = summary.Errors.ShouldHaveSingleItem();
        error.Offset.ShouldBe(header.Length + ended.Length);
        error.FrameNumber.ShouldBe(4);
        error.Detail.ShouldNotBeNull().ShouldContain("the file is no longer being written: its session ended.");
        summary.Quarantined.ShouldHaveSingleItem().IngestedTo.ShouldBe(header.Length + ended.Length);
    }

    [Fact]
    public async Task A_file_that_cannot_be_quarantined_is_reported_twice_and_stays()
    {
        await using var lab = await RecorderLab.StartAsync();
        File.WriteAllText(Path.Combine(lab.SpoolDirectory, "quarantine"), "a file where the quarantine directory goes");
        var path = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(magic: "tracelab-spoof"));

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.Errors.Select(e => e.Message).ShouldBe(
        [
            $"file \"{path}\" is not a TraceLab spool file",
            $"could not move spool file \"{path}\" to quarantine directory \"{Path.Combine(lab.SpoolDirectory, "quarantine")}\"",
        ]);
        summary.Quarantined.ShouldBeEmpty();
        summary.OnlyQuarantineErrors.ShouldBeFalse();
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public async Task Following_quarantines_a_file_once_it_has_been_quiet_and_keeps_following()
    {
        await using var lab = await RecorderLab.StartAsync();
        var spool = DamagedSpool.Write(lab.SpoolDirectory, "1-1");
        var polls = new System.Collections.Concurrent.ConcurrentQueue<SpoolIngestSummary>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var following = lab.Host.Ingestor.FollowAsync(lab.SpoolDirectory, TimeSpan.FromMilliseconds(20), polls.Enqueue, stop.Token);
        await WaitForAsync(() => polls.Sum(p => p.EventsAppended) == spool.FramesBefore);
        File.SetLastWriteTimeUtc(spool.Path, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-2));
        await WaitForAsync(() => polls.Any(p => p.Quarantined.Count > 0));
        var good = GoodFile(lab, "2-2");
        await WaitForAsync(() => polls.Sum(p => p.EventsAppended) == spool.FramesBefore + good.Count);
        await stop.CancelAsync();
        var total = await following;

        total.Quarantined.ShouldHaveSingleItem().Problem.Offset.ShouldBe(spool.DamageOffset);
        total.Errors.ShouldHaveSingleItem();
        File.Exists(spool.Path).ShouldBeFalse();
        (await lab.Sessions.ReadEventsAsync("2-2", Ct).ToListAsync(Ct)).ShouldMatch(good);
    }

    [Fact]
    public async Task A_quarantined_session_is_not_marked_as_ended_abnormally_since_its_end_may_be_in_the_damage()
    {
        await using var lab = await RecorderLab.StartAsync();
        var sessionId = "1-" + SampleFrames.BackendStartUs;
        var bad = TestSpool.Block(SampleFrames.Statements(3, 2));
        bad[^1] ^= 0x01;
        TestSpool.Write(lab.SpoolDirectory, sessionId, TestSpool.Header(), TestSpool.Block(SampleFrames.SessionStart()), bad);
        TestSpool.WriteServerStart(lab.SpoolDirectory, SampleFrames.SystemIdentifier, SampleFrames.BackendStartUs + 1);

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.Quarantined.ShouldHaveSingleItem();
        summary.SessionsEndedAbnormally.ShouldBe(0);
        (await lab.Sessions.ReadEventsAsync(sessionId, Ct).ToListAsync(Ct)).OfType<SessionEnded>().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_frame_of_a_newer_probe_is_quarantined_after_the_good_part_is_ingested()
    {
        await using var lab = await RecorderLab.StartAsync();
        var good = SampleFrames.SessionStart();
        var newer = FrameEncoder.Encode(200u, 3ul, 0ul, 0u, 1L, 10u, 10u, 0u, "something new");
        var path = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(good),
            TestSpool.Block(newer), TestSpool.Block(SampleFrames.Statements(4, 1)));
        GoodFile(lab, "2-2");

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        var error = summary.Errors.ShouldHaveSingleItem();
        error.Message.ShouldStartWith("unrecognized frame type 200 in block at offset ");
        error.FrameNumber.ShouldBe(3);
        var moved = summary.Quarantined.ShouldHaveSingleItem();
        moved.SpoolFile.ShouldBe(path);
        File.ReadAllLines(moved.Note).ShouldContain("frame: 3");
        summary.OnlyQuarantineErrors.ShouldBeTrue();
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(good);
        (await lab.Sessions.FindSessionAsync("1-1", Ct)).ShouldNotBeNull().State.ShouldBe(TraceLab.Store.SessionState.Quarantined);
        (await lab.Sessions.FindSessionAsync("2-2", Ct)).ShouldNotBeNull().State.ShouldBe(TraceLab.Store.SessionState.Running);
    }

    private static List<IRecordedFrame> GoodFile(RecorderLab lab, string sessionId)
    {
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(pid: 2), .. SampleFrames.Statements(3, 5)];
        TestSpool.Write(lab.SpoolDirectory, sessionId, TestSpool.Header(), TestSpool.Block(frames));
        return frames;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        condition().ShouldBeTrue("the follower did not get there within 30 s");
    }
}
