using TraceLab.Distributed.Jobs;

namespace TraceLab.Distributed.Tests.Jobs;

public sealed class JobBatchesTests
{
    private static List<(string SessionId, long? EventCount)> Sessions(int count, long? events) =>
        [.. Enumerable.Range(1, count).Select(i => ($"s{i}", events))];

    [Fact]
    public void A_few_small_sessions_are_one_job_each_so_that_several_workers_share_them()
    {
        var batches = JobBatches.Cut(Sessions(6, 20));

        batches.Select(b => b.Count).ShouldBe([1, 1, 1, 1, 1, 1]);
    }

    [Fact]
    public void Many_small_sessions_are_batched_in_order_at_most_64_to_a_job_and_every_session_once()
    {
        var sessions = Sessions(10_000, 10);

        var batches = JobBatches.Cut(sessions);

        batches.ShouldAllBe(b => b.Count <= JobBatches.SessionsPerBatch);
        batches.Count.ShouldBeGreaterThanOrEqualTo(JobBatches.MinimumJobs);
        batches.SelectMany(b => b).ShouldBe(sessions.Select(s => s.SessionId));
    }

    [Fact]
    public void A_large_session_or_one_of_unknown_size_is_a_job_of_its_own()
    {
        List<(string SessionId, long? EventCount)> sessions =
            [.. Sessions(40, 100), ("large", JobBatches.EventsPerBatch * 3), ("unknown", null), .. Sessions(40, 100)];

        var batches = JobBatches.Cut(sessions);

        batches.ShouldContain(b => b.Count == 1 && b[0] == "large");
        batches.ShouldContain(b => b.Count == 1 && b[0] == "unknown");
        batches.SelectMany(b => b).ShouldBe(sessions.Select(s => s.SessionId));
        batches.ShouldAllBe(b => b.Count == 1 || b.Count * 100 <= JobBatches.EventsPerBatch);
    }
}
