using TraceLab.Events;
using TraceLab.Scenarios.Running;
using TraceLab.Store;

namespace TraceLab.Scenarios.Tests.Running;

public sealed class ParallelLeadersTests
{
    [Fact]
    public void The_leader_is_the_latest_session_of_its_pid_started_before_the_worker()
    {
        RecordedSessionSummary[] recorded = [Session(100, 1_000), Session(100, 5_000), Session(200, 2_000), Session(100, 9_000)];

        var resolve = ParallelLeaders.ResolverFor(recorded);

        resolve(100, 6_000, 0).ShouldBe("100-5000");
        resolve(100, 500, 0).ShouldBeNull();
        resolve(300, 6_000, 0).ShouldBeNull();
    }

    [Fact]
    public void The_leader_is_a_session_of_the_workers_server()
    {
        // Two servers whose backends share a pid; the later one is on the other server.
        RecordedSessionSummary[] recorded = [Session(100, 1_000, server: 7), Session(100, 5_000, server: 8)];

        var resolve = ParallelLeaders.ResolverFor(recorded);

        resolve(100, 6_000, 7).ShouldBe("100-1000-7");
        resolve(100, 6_000, 8).ShouldBe("100-5000-8");
        resolve(100, 6_000, 9).ShouldBeNull();
    }

    private static RecordedSessionSummary Session(int pid, long startUs, ulong? server = null) =>
        new(new SessionId(pid, startUs, server).ToString(), pid, DateTimeOffset.UnixEpoch.AddTicks(startUs * 10), "db", "alice",
            "", "client backend", 1, SessionState.Ended, SystemIdentifier: server ?? 0);
}
