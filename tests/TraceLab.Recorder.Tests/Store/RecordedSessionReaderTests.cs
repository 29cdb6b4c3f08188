using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Store;

public sealed class RecordedSessionReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_nothing_was_recorded_into_lists_no_sessions()
    {
        var schema = TestDatabase.NewSchemaName();
        try
        {
            await using var store = TraceLabStore.Create(TestDatabase.ConnectionString, schema);
            var reader = new RecordedSessionReader(store);

            (await reader.ListSessionsAsync(Ct)).ShouldBeEmpty();
            (await reader.FindSessionAsync("1-1", Ct)).ShouldBeNull();
            (await reader.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldBeEmpty();
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task Keeps_the_oid_of_a_session_user_that_was_never_described()
    {
        await using var lab = await RecorderLab.StartAsync();
        TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(),
            TestSpool.Block([SampleFrames.SessionStarted(user: 16999), SampleFrames.RoleDescribed(2, oid: 10, name: "postgres")]));
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        var session = (await lab.Sessions.ListSessionsAsync(Ct)).ShouldHaveSingleItem();

        session.SessionUser.ShouldBe("16999");
        session.State.ShouldBe(SessionState.Running);
    }

    [Fact]
    public async Task Names_the_session_user_as_first_described()
    {
        await using var lab = await RecorderLab.StartAsync();
        TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(),
            TestSpool.Block([
                SampleFrames.SessionStarted(),
                SampleFrames.RoleDescribed(2, name: "alice"),
                SampleFrames.RoleDescribed(3, name: "renamed"),
            ]));
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        (await lab.Sessions.FindSessionAsync("1-1", Ct)).ShouldNotBeNull().SessionUser.ShouldBe("alice");
    }

    [Fact]
    public async Task Lists_a_stream_without_session_start_by_what_its_id_tells()
    {
        await using var lab = await RecorderLab.StartAsync();
        TestSpool.Write(lab.SpoolDirectory, "4242-1000000", TestSpool.Header(), TestSpool.Block(SampleFrames.Statements(5, 1)));
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        (await lab.Sessions.ListSessionsAsync(Ct)).ShouldBe(
        [
            new RecordedSessionSummary(
                "4242-1000000", 4242, DateTimeOffset.UnixEpoch.AddSeconds(1), "", "", "", "", 3, SessionState.Running,
                Statements: 1, LastFrameAt: DateTimeOffset.UnixEpoch.AddTicks(SampleFrames.Header(7).TimestampUs * 10)),
        ]);
    }

    [Fact]
    public async Task Lists_a_stream_without_session_start_by_the_server_its_id_names()
    {
        await using var lab = await RecorderLab.StartAsync();
        TestSpool.Write(lab.SpoolDirectory, "4242-1000000-7412345678901234567", TestSpool.Header(),
            TestSpool.Block(SampleFrames.Statements(5, 1)));
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        var session = (await lab.Sessions.ListSessionsAsync(Ct)).ShouldHaveSingleItem();

        session.SessionId.ShouldBe("4242-1000000-7412345678901234567");
        session.Pid.ShouldBe(4242);
        session.BackendStart.ShouldBe(DateTimeOffset.UnixEpoch.AddSeconds(1));
        session.SystemIdentifier.ShouldBe(7_412_345_678_901_234_567UL);
    }

    [Fact]
    public async Task Finds_nothing_for_an_unknown_session()
    {
        await using var lab = await RecorderLab.StartAsync();

        (await lab.Sessions.FindSessionAsync("9-9", Ct)).ShouldBeNull();
        (await lab.Sessions.ReadEventsAsync("9-9", Ct).ToListAsync(Ct)).ShouldBeEmpty();
        (await lab.Sessions.ListSessionsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Orders_sessions_that_started_at_the_same_moment_by_id()
    {
        await using var lab = await RecorderLab.StartAsync();
        foreach (var pid in new[] { 30, 100, 20 })
        {
            TestSpool.Write(lab.SpoolDirectory, $"{pid}-5", TestSpool.Header(),
                TestSpool.Block([SampleFrames.SessionStarted(pid: pid, startUs: 5)]));
        }

        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        (await lab.Sessions.ListSessionsAsync(Ct)).Select(s => s.SessionId).ShouldBe(["100-5", "20-5", "30-5"]);
    }

    [Fact]
    public async Task Streams_a_large_session_in_order()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 3000)];
        TestSpool.Write(lab.SpoolDirectory, "1-1", [TestSpool.Header(), .. frames.Chunk(50).Select(TestSpool.Block)]);
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        var seqs = new List<long>();
        await foreach (var frame in lab.Sessions.ReadEventsAsync("1-1", Ct))
        {
            seqs.Add(frame.Frame.Seq);
        }

        seqs.ShouldBe(Enumerable.Range(1, frames.Count).Select(i => (long)i));
        (await lab.Sessions.FindSessionAsync("1-1", Ct)).ShouldNotBeNull().EventCount.ShouldBe(frames.Count);
    }
}
