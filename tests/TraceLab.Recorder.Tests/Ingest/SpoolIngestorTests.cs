using TraceLab.Events;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Ingest;

/// <summary>The ingest path end to end: spool files → Wolverine handler → Marten on a real PostgreSQL.</summary>
public sealed class SpoolIngestorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ingests_spool_files_and_reads_them_back_in_order_with_their_types()
    {
        await using var lab = await RecorderLab.StartAsync();
        var first = SampleFrames.OneOfEach();
        List<IRecordedFrame> second =
        [
            .. SampleFrames.SessionStart(pid: 777, startUs: SampleFrames.BackendStartUs - 5_000_000, user: "bob"),
            .. SampleFrames.Statements(3, 4),
        ];
        TestSpool.Write(lab.SpoolDirectory, "12345-1795889206123456",
            TestSpool.Header(), TestSpool.Block(first.Take(5)), TestSpool.Block(first.Skip(5)));
        TestSpool.Write(lab.SpoolDirectory, "777-1795889201123456",
            TestSpool.Header(), TestSpool.Block(second.Take(2)), TestSpool.Block(second.Skip(2)));

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.ShouldBe(new SpoolIngestSummaryShape(2, 2, first.Count + second.Count, 0), summary.Errors);
        summary.DroppedFrames.ShouldBe(new Dictionary<string, long> { ["12345-1795889206123456"] = 42 });
        (await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct)).DroppedFrames.ShouldBeEmpty();
        var sessions = await lab.Sessions.ListSessionsAsync(Ct);
        sessions.ShouldBe(
        [
            new RecordedSessionSummary("777-1795889201123456", 777, FromUnixMicroseconds(1_795_889_201_123_456),
                "app", "bob", "psql", "client backend", second.Count, SessionState.Running, 0, SampleFrames.SystemIdentifier,
                Statements: 4, LastFrameAt: FromUnixMicroseconds(second[^1].Frame.TimestampUs)),
            new RecordedSessionSummary("12345-1795889206123456", 12345, FromUnixMicroseconds(1_795_889_206_123_456),
                "app", "alice", "psql", "client backend", first.Count, SessionState.Ended, DroppedFrames: 42,
                SampleFrames.SystemIdentifier, Statements: first.OfType<StatementStarted>().Count(s => s.Frame.Depth == 0),
                LastFrameAt: FromUnixMicroseconds(first.Max(f => f.Frame.TimestampUs))),
        ]);
        (await lab.Sessions.ReadEventsAsync("12345-1795889206123456", Ct).ToListAsync(Ct)).ShouldMatch(first);
        (await lab.Sessions.ReadEventsAsync("777-1795889201123456", Ct).ToListAsync(Ct)).ShouldMatch(second);
    }

    [Fact]
    public async Task Ingesting_twice_appends_nothing_twice()
    {
        await using var lab = await RecorderLab.StartAsync();
        var frames = SampleFrames.OneOfEach();
        TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(frames.Take(4)), TestSpool.Block(frames.Skip(4)));
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        var again = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        again.ShouldBe(new SpoolIngestSummaryShape(1, 0, 0, 0), again.Errors);
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames);
    }

    [Fact]
    public async Task Appends_only_the_new_blocks_of_a_file_that_grew()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 10)];
        var path = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(frames.Take(5)));
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);
        var torn = TestSpool.Block(frames.Skip(20));
        TestSpool.Append(path, TestSpool.Block(frames.Skip(5).Take(15)), torn[..9]);

        var grown = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);
        TestSpool.Append(path, torn[9..]);
        var finished = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        grown.ShouldBe(new SpoolIngestSummaryShape(1, 1, 15, 0), grown.Errors);
        finished.ShouldBe(new SpoolIngestSummaryShape(1, 1, frames.Count - 20, 0), finished.Errors);
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames);
    }

    [Fact]
    public async Task Splits_a_long_file_into_batches_without_losing_order()
    {
        await using var lab = await RecorderLab.StartAsync(maxEventsPerBatch: 10);
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 100)];
        TestSpool.Write(lab.SpoolDirectory, "1-1", [TestSpool.Header(), .. frames.Chunk(4).Select(TestSpool.Block)]);

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.EventsAppended.ShouldBe(frames.Count);
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames);
    }

    [Fact]
    public async Task A_corrupt_block_stops_its_file_but_not_the_others()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 6)];
        var header = TestSpool.Header();
        var good = TestSpool.Block(frames.Take(8));
        var bad = TestSpool.Block(frames.Skip(8).Take(6));
        bad[^1] ^= 0xff;
        var corruptPath = TestSpool.Write(lab.SpoolDirectory, "1-1", header, good, bad, TestSpool.Block(frames.Skip(14)));
        TestSpool.Write(lab.SpoolDirectory, "2-2", header, TestSpool.Block(frames));

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);
        var again = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.FilesSeen.ShouldBe(2);
        summary.EventsAppended.ShouldBe(8 + frames.Count);
        var error = summary.Errors.ShouldHaveSingleItem();
        error.SpoolFile.ShouldBe(corruptPath);
        error.Offset.ShouldBe(header.Length + good.Length);
        error.Message.ShouldBe($"could not decode block at offset {header.Length + good.Length} in spool file \"{corruptPath}\"");
        summary.Quarantined.ShouldHaveSingleItem().SpoolFile.ShouldBe(corruptPath);
        again.EventsAppended.ShouldBe(0);
        again.Errors.ShouldBeEmpty("a quarantined file is not read again");
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames.Take(8));
        (await lab.Sessions.ReadEventsAsync("2-2", Ct).ToListAsync(Ct)).ShouldMatch(frames);
    }

    [Fact]
    public async Task Reports_a_file_that_is_not_a_spool_file_and_ingests_the_others()
    {
        await using var lab = await RecorderLab.StartAsync();
        File.WriteAllText(Path.Combine(lab.SpoolDirectory, "0-0.tlspool"), "this is not a spool file, it only has the name of one");
        TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(SampleFrames.SessionStart()));
        File.WriteAllText(Path.Combine(lab.SpoolDirectory, "notes.txt"), "ignored");

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.FilesSeen.ShouldBe(2);
        summary.EventsAppended.ShouldBe(2);
        summary.Errors.ShouldHaveSingleItem().Message.ShouldContain("is not a TraceLab spool file");
    }

    [Fact]
    public async Task Two_recorders_racing_on_one_directory_append_every_event_exactly_once()
    {
        await using var lab = await RecorderLab.StartAsync(maxEventsPerBatch: 5);
        var other = await lab.StartAnotherRecorderAsync(maxEventsPerBatch: 5);
        var expected = new Dictionary<string, List<IRecordedFrame>>();
        for (var file = 0; file < 12; file++)
        {
            List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(pid: file), .. SampleFrames.Statements(3, 20 + file)];
            var sessionId = $"{file}-{SampleFrames.BackendStartUs + file}";
            TestSpool.Write(lab.SpoolDirectory, sessionId, [TestSpool.Header(), .. frames.Chunk(3).Select(TestSpool.Block)]);
            expected[sessionId] = frames;
        }

        var runs = await Task.WhenAll(
            Task.Run(() => lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct), Ct),
            Task.Run(() => other.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct), Ct),
            Task.Run(() => lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct), Ct),
            Task.Run(() => other.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct), Ct));

        runs.Sum(r => r.EventsAppended).ShouldBe(expected.Values.Sum(f => f.Count));
        runs.ShouldAllBe(r => r.Errors.Count == 0);
        foreach (var (sessionId, frames) in expected)
        {
            (await lab.Sessions.ReadEventsAsync(sessionId, Ct).ToListAsync(Ct)).ShouldMatch(frames);
        }
    }

    [Fact]
    public async Task Follows_files_that_grow_and_files_that_appear()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames =
            [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 4), new SessionEnded(SampleFrames.Header(15))];
        var path = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(frames.Take(2)));
        var progress = new System.Collections.Concurrent.ConcurrentQueue<long>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var following = lab.Host.Ingestor.FollowAsync(
            lab.SpoolDirectory, TimeSpan.FromMilliseconds(20), s => progress.Enqueue(s.EventsAppended), stop.Token);
        await WaitForAsync(() => progress.Sum() == 2);
        TestSpool.Append(path, TestSpool.Block(frames.Skip(2)));
        TestSpool.Write(lab.SpoolDirectory, "2-2", TestSpool.Header(), TestSpool.Block(frames));
        await WaitForAsync(() => progress.Sum() == 2L * frames.Count);
        await stop.CancelAsync();
        var total = await following;

        total.ShouldBe(new SpoolIngestSummaryShape(2, 2, 2L * frames.Count, 0), total.Errors);
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames);
        (await lab.Sessions.ReadEventsAsync("2-2", Ct).ToListAsync(Ct)).ShouldMatch(frames);
        (await lab.Sessions.FindSessionAsync("1-1", Ct)).ShouldNotBeNull().State.ShouldBe(SessionState.Ended);
    }

    [Fact]
    public async Task Reports_a_corrupt_file_once_while_following()
    {
        await using var lab = await RecorderLab.StartAsync();
        var frames = SampleFrames.SessionStart();
        var bad = TestSpool.Block(SampleFrames.Statements(3, 1));
        bad[^1] ^= 0x01;
        TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(frames), bad);
        var polls = new System.Collections.Concurrent.ConcurrentQueue<SpoolIngestSummary>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var following = lab.Host.Ingestor.FollowAsync(lab.SpoolDirectory, TimeSpan.FromMilliseconds(10), polls.Enqueue, stop.Token);
        await WaitForAsync(() => !polls.IsEmpty);
        await Task.Delay(300, Ct);
        await stop.CancelAsync();
        var total = await following;

        polls.ShouldHaveSingleItem().Errors.ShouldHaveSingleItem();
        total.ShouldBe(new SpoolIngestSummaryShape(1, 1, 2, 1), total.Errors);
    }

    [Fact]
    public async Task Reports_a_missing_spool_directory()
    {
        await using var lab = await RecorderLab.StartAsync();
        var missing = Path.Combine(lab.SpoolDirectory, "nowhere");

        var e = await Should.ThrowAsync<TraceLab.Recorder.Spool.SpoolException>(() => lab.Host.Ingestor.IngestOnceAsync(missing, Ct));

        e.Message.ShouldBe($"could not open spool directory \"{missing}\"");
    }

    private static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        condition().ShouldBeTrue("the follower did not catch up within 30 s");
    }
}
