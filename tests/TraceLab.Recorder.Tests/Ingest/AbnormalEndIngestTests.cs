using TraceLab.Events;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Ingest;

/// <summary>Abnormal ends through the ingestor: a spool directory with server start files, once and while following.</summary>
public sealed class AbnormalEndIngestTests
{
    private const ulong Server = SampleFrames.SystemIdentifier;
    private const long Start = SampleFrames.BackendStartUs;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Marks_only_the_sessions_without_end_that_a_later_start_of_their_server_outlived()
    {
        await using var lab = await RecorderLab.StartAsync();
        TestSpool.WriteServerStart(lab.SpoolDirectory, Server, Start - 10_000_000);
        Session(lab, "1-" + Start, ended: false);
        Session(lab, "2-" + Start, ended: true);
        Session(lab, "3-" + (Start + 20_000_000), ended: false, startUs: Start + 20_000_000);
        Session(lab, "4-" + Start, ended: false, system: Server + 1);
        TestSpool.WriteServerStart(lab.SpoolDirectory, Server, Start + 10_000_000);

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.SessionsEndedAbnormally.ShouldBe(1);
        summary.Errors.ShouldBeEmpty();
        (await StatesAsync(lab)).ShouldBe(new Dictionary<string, SessionState>
        {
            ["1-" + Start] = SessionState.EndedAbnormally,
            ["2-" + Start] = SessionState.Ended,
            ["3-" + (Start + 20_000_000)] = SessionState.Running,
            ["4-" + Start] = SessionState.Running,
        });
    }

    [Fact]
    public async Task Marks_a_session_once_across_runs_and_recorders()
    {
        await using var lab = await RecorderLab.StartAsync();
        Session(lab, "1-" + Start, ended: false);
        TestSpool.WriteServerStart(lab.SpoolDirectory, Server, Start + 1);
        var another = await lab.StartAnotherRecorderAsync();

        var runs = await Task.WhenAll(
            lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct), another.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct));
        var again = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        runs.Sum(r => r.SessionsEndedAbnormally).ShouldBe(1);
        again.ShouldBe(new SpoolIngestSummaryShape(1, 0, 0, 0), again.Errors);
        again.SessionsEndedAbnormally.ShouldBe(0);
        var events = await lab.Sessions.ReadEventsAsync("1-" + Start, Ct).ToListAsync(Ct);
        events.OfType<SessionEnded>().ShouldHaveSingleItem().Abnormal.ShouldBeTrue();
        events.Select(e => e.Frame.Seq).ShouldBe([1, 2, 3, 4, 5, 6]);
    }

    [Fact]
    public async Task Marks_a_session_whose_file_ends_in_a_torn_block()
    {
        await using var lab = await RecorderLab.StartAsync();
        var path = Session(lab, "1-" + Start, ended: false);
        TestSpool.Append(path, TestSpool.Block(SampleFrames.Statements(6, 1))[..20]);
        TestSpool.WriteServerStart(lab.SpoolDirectory, Server, Start + 1);

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.SessionsEndedAbnormally.ShouldBe(1, "the backend that would finish the block is gone");
        summary.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Does_not_end_a_session_whose_file_a_corrupt_block_stops_but_lists_it_as_quarantined()
    {
        await using var lab = await RecorderLab.StartAsync();
        var path = Session(lab, "1-" + Start, ended: false);
        var bad = TestSpool.Block([new SessionEnded(SampleFrames.Header(6))]);
        bad[^1] ^= 0x01;
        TestSpool.Append(path, bad);
        TestSpool.WriteServerStart(lab.SpoolDirectory, Server, Start + 1);

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.SessionsEndedAbnormally.ShouldBe(0);
        summary.Errors.ShouldHaveSingleItem().Offset.ShouldNotBeNull();
        (await StatesAsync(lab))["1-" + Start].ShouldBe(SessionState.Quarantined, "its file was quarantined, not its end recorded");
    }

    [Fact]
    public async Task Reports_a_damaged_start_file_and_uses_the_others()
    {
        await using var lab = await RecorderLab.StartAsync();
        Session(lab, "1-" + Start, ended: false);
        File.WriteAllBytes(Path.Combine(lab.SpoolDirectory, "garbage.tlstart"), [0xa3, 0x61, 0x62, 0x63]);
        File.WriteAllBytes(Path.Combine(lab.SpoolDirectory, "being-written.tlstart"), []);
        TestSpool.WriteServerStart(lab.SpoolDirectory, Server, Start + 1);

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        var error = summary.Errors.ShouldHaveSingleItem();
        error.Message.ShouldBe($"file \"{Path.Combine(lab.SpoolDirectory, "garbage.tlstart")}\" is not a TraceLab server start file");
        summary.SessionsEndedAbnormally.ShouldBe(1);
    }

    [Fact]
    public async Task Marks_a_followed_session_when_its_server_starts_again()
    {
        await using var lab = await RecorderLab.StartAsync();
        Session(lab, "1-" + Start, ended: false);
        Session(lab, "2-" + Start, ended: true);
        var polls = new System.Collections.Concurrent.ConcurrentQueue<SpoolIngestSummary>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var following = lab.Host.Ingestor.FollowAsync(lab.SpoolDirectory, TimeSpan.FromMilliseconds(20), polls.Enqueue, stop.Token);
        await WaitForAsync(() => polls.Sum(p => p.EventsAppended) == 11);
        await Task.Delay(200, Ct);
        (await StatesAsync(lab))["1-" + Start].ShouldBe(SessionState.Running);
        TestSpool.WriteServerStart(lab.SpoolDirectory, Server, Start + 1);
        await WaitForAsync(() => polls.Sum(p => p.SessionsEndedAbnormally) == 1);
        await Task.Delay(200, Ct);
        await stop.CancelAsync();
        var total = await following;

        total.SessionsEndedAbnormally.ShouldBe(1);
        (await StatesAsync(lab)).ShouldBe(new Dictionary<string, SessionState>
        {
            ["1-" + Start] = SessionState.EndedAbnormally,
            ["2-" + Start] = SessionState.Ended,
        });
    }

    [Fact]
    public async Task Lists_the_frames_a_session_dropped()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames =
        [
            .. SampleFrames.SessionStart(),
            new FramesDropped(SampleFrames.Header(5), 2, "spool budget exceeded"),
            new FramesDropped(SampleFrames.Header(9), 3, "spool write failed"),
            new SessionEnded(SampleFrames.Header(10)),
        ];
        TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(frames));

        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        (await lab.Sessions.FindSessionAsync("1-1", Ct)).ShouldNotBeNull().DroppedFrames.ShouldBe(5);
    }

    /// <summary>A session of five frames (SessionStarted, its role, one statement), and SessionEnded when it ended.</summary>
    private static string Session(RecorderLab lab, string id, bool ended, long startUs = Start, ulong system = Server)
    {
        List<IRecordedFrame> frames =
        [
            SampleFrames.SessionStarted(pid: SessionId.Parse(id).Pid, startUs: startUs) with { SystemIdentifier = system },
            SampleFrames.RoleDescribed(2),
            .. SampleFrames.Statements(3, 1),
        ];
        if (ended)
        {
            frames.Add(new SessionEnded(SampleFrames.Header(6)));
        }

        return TestSpool.Write(lab.SpoolDirectory, id, TestSpool.Header(), TestSpool.Block(frames));
    }

    /// <summary>Every session's state, in session id order.</summary>
    private static async Task<SortedDictionary<string, SessionState>> StatesAsync(RecorderLab lab) =>
        new((await lab.Sessions.ListSessionsAsync(Ct)).ToDictionary(s => s.SessionId, s => s.State), StringComparer.Ordinal);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        condition().ShouldBeTrue("the follower did not catch up within 30 s");
    }
}
