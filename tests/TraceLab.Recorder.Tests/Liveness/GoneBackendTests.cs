using System.Diagnostics;
using TraceLab.Events;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Liveness;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Liveness;

/// <summary>Sessions whose backend process is gone, found through the local process table while following
/// (<c>AbandonAfter</c>), and what happens when such a session writes after all.</summary>
public sealed class GoneBackendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_process_table_knows_this_process_by_pid_and_start_and_not_by_pid_alone()
    {
        var (pid, startUs) = ThisProcess();

        ProcessTable.StateOf(pid, startUs).ShouldBe(BackendState.Alive);
        ProcessTable.StateOf(pid, startUs + 3_600_000_000).ShouldBe(BackendState.Gone, "a reused pid has another start");
        ProcessTable.StateOf(ExitedPid(), startUs).ShouldBe(BackendState.Gone);
    }

    [Fact]
    public void Start_ticks_are_read_after_a_command_name_with_spaces_and_parentheses()
    {
        var stat = "42 (post gres) (x)) S 1 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1 2 3";

        ProcessTable.StartTicks(stat).ShouldBe(987_654);
    }

    [Fact]
    public async Task Marks_a_quiet_session_whose_backend_is_gone_leaves_a_live_idle_one_and_reopens_it_when_frames_come()
    {
        // Given a session whose backend exited and one whose backend (this process) is alive, both quiet
        var (alivePid, aliveStart) = ThisProcess();
        var gonePid = ExitedPid();
        var gone = new SessionId(gonePid, SampleFrames.BackendStartUs, SampleFrames.SystemIdentifier).ToString();
        var alive = new SessionId(alivePid, aliveStart, SampleFrames.SystemIdentifier).ToString();
        await using var lab = await RecorderLab.StartAsync(configure: o => o.AbandonAfter = TimeSpan.FromSeconds(1));
        var gonePath = Session(lab, gone, gonePid, SampleFrames.BackendStartUs);
        Session(lab, alive, alivePid, aliveStart);
        var polls = new System.Collections.Concurrent.ConcurrentQueue<SpoolIngestSummary>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // When the directory is followed
        var following = lab.Host.Ingestor.FollowAsync(lab.SpoolDirectory, TimeSpan.FromMilliseconds(20), polls.Enqueue, stop.Token);
        await WaitForAsync(() => polls.Sum(p => p.SessionsEndedAbnormally) == 1);
        await Task.Delay(300, Ct);

        // Then only the gone one is ended abnormally, with its recorded frames kept
        (await StateAsync(lab, gone)).ShouldBe(SessionState.EndedAbnormally);
        (await StateAsync(lab, alive)).ShouldBe(SessionState.Running);
        var events = await lab.Sessions.ReadEventsAsync(gone, Ct).ToListAsync(Ct);
        events.Select(e => e.Frame.Seq).ShouldBe([1, 2, 3, 4, 5, 6]);
        events[^1].ShouldBeOfType<SessionEnded>().Abnormal.ShouldBeTrue();

        // And when its file grows after all, the frames are ingested and the session runs again (until its file has
        // been quiet for the abandon period once more)
        TestSpool.Append(gonePath, TestSpool.Block(SampleFrames.Statements(6, 1)));
        await WaitForAsync(() => polls.Sum(p => p.EventsAppended) >= 13);
        await stop.CancelAsync();
        await following;
        (await StateAsync(lab, gone)).ShouldBe(SessionState.Running);
        // The appended end stays in the stream, but a reader drops it: frames followed it (StoredFrameSequence)
        (await lab.Sessions.ReadEventsAsync(gone, Ct).ToListAsync(Ct)).Select(e => e.Frame.Seq).ShouldBe([1, 2, 3, 4, 5, 6, 7, 8]);
    }

    private static string Session(RecorderLab lab, string id, int pid, long startUs) =>
        TestSpool.Write(lab.SpoolDirectory, id, TestSpool.Header(), TestSpool.Block(
        [
            SampleFrames.SessionStarted(pid: pid, startUs: startUs),
            SampleFrames.RoleDescribed(2),
            .. SampleFrames.Statements(3, 1),
        ]));

    private static (int Pid, long StartUs) ThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        var start = new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero);
        return (self.Id, (start - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);
    }

    private static int ExitedPid()
    {
        using var child = Process.Start("true") ?? throw new InvalidOperationException("Could not start true.");
        child.WaitForExit();
        return child.Id;
    }

    private static async Task<SessionState> StateAsync(RecorderLab lab, string id) =>
        (await lab.Sessions.FindSessionAsync(id, Ct)).ShouldNotBeNull().State;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        condition().ShouldBeTrue("the follower did not catch up within 30 s");
    }
}
