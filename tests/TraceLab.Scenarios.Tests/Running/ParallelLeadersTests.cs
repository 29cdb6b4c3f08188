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

        resolve(100, 6_000).ShouldBe("100-5000");
        resolve(100, 500).ShouldBeNull();
        resolve(300, 6_000).ShouldBeNull();
    }

    private static RecordedSessionSummary Session(int pid, long startUs) =>
        new($"{pid}-{startUs}", pid, DateTimeOffset.UnixEpoch.AddTicks(startUs * 10), "db", "alice", "", "client backend", 1,
            SessionState.Ended);
}
