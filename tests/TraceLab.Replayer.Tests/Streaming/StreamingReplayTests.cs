using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Tests.Support;

namespace TraceLab.Replayer.Tests.Streaming;

public sealed class StreamingReplayTests
{
    private static RecordedSession[] AllSamples() => DemoTraces.Sessions();

    /// <summary>The view attack's frames up to the escalation: its first two operations and not the third.</summary>
    private static List<IRecordedFrame> BeforeTheEscalation(out long[] operations)
    {
        var trace = DemoTraces.ViewAttack;
        var seqs = trace.Operations().Select(o => o.Seq).ToArray();
        operations = seqs[..2];
        return [.. DemoTraces.FramesOf(trace).TakeWhile(f => f.Frame.Seq < seqs[2])];
    }

    [Fact]
    public async Task Writers_receive_the_header_every_operation_in_order_then_the_footer()
    {
        // Given: two writers, the second completing its writes asynchronously
        var log = new List<string>();
        var first = new RecordingWriter("first") { SharedLog = log };
        var second = new RecordingWriter("second", asynchronous: true) { SharedLog = log };
        var engine = new ReplayEngine(Replays.Classic);
        var expectations = new[] { new Expectation("ddl-needs-trusted-chain", [Outcome.Blocked]) };

        // When
        var footer = await engine.RunAsync(
            AllSamples(), [first, second], new ReplayOptions { Expectations = expectations }, TestContext.Current.CancellationToken);

        // Then
        // (records compare their lists by reference, so the header is compared field by field)
        var header = first.Header.ShouldNotBeNull();
        header.Kind.ShouldBe(ReportKind.Replay);
        header.Policies.ShouldBe(["permissive", "ddl-needs-trusted-chain"]);
        header.Expectations.ShouldBe(expectations);
        first.Calls.ShouldBe(["begin", .. DemoTraces.OperationKeys(), "end"]);
        second.Calls.ShouldBe(first.Calls);
        log.Where((_, i) => i % 2 == 0).ShouldAllBe(l => l.StartsWith("first ", StringComparison.Ordinal));
        first.Footer.ShouldBeSameAs(footer);
        footer.Summary.Operations.ShouldBe(9);
        footer.OperationsWritten.ShouldBe(9);
        first.Disposed.ShouldBeFalse();
    }

    [Fact]
    public async Task A_replay_without_sessions_still_writes_a_header_and_a_footer()
    {
        var writer = new RecordingWriter();

        var footer = await new ReplayEngine(Replays.Classic).RunAsync([], [writer], cancellationToken: TestContext.Current.CancellationToken);

        writer.Calls.ShouldBe(["begin", "end"]);
        footer.Summary.Sessions.ShouldBeEmpty();
        footer.Shapes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_diff_writes_only_operations_whose_outcomes_differ_and_counts_every_operation()
    {
        var writer = new RecordingWriter();
        var engine = new ReplayEngine(Replays.Classic);

        var footer = await engine.RunAsync(
            AllSamples(), [writer], new ReplayOptions { Kind = ReportKind.Diff }, TestContext.Current.CancellationToken);

        writer.Header!.Kind.ShouldBe(ReportKind.Diff);
        writer.Calls.ShouldBe(["begin", .. new[] { DemoTraces.ViewAttack, DemoTraces.TriggerAttack }.Select(t => $"{t.First().SessionId}:{t.First().Seq}"), "end"]);
        writer.Operations.ShouldAllBe(o => OutcomeDiff.Differs(o));
        footer.OperationsWritten.ShouldBe(2);
        footer.Summary.Operations.ShouldBe(9);
        footer.Summary.Totals.ShouldBe([new PolicyCounts("permissive", 9, 0), new PolicyCounts("ddl-needs-trusted-chain", 7, 2)]);
        footer.Shapes.Sum(s => s.Operations).ShouldBe(9);
    }

    [Fact]
    public async Task A_diff_compares_outcomes_not_verdicts()
    {
        // Given: two policies that both block ALTER ROLE, with different messages; one also blocks the SELECT after it
        var s = new TransactionScript();
        s.Begin();
        var alter = s.Statement("ALTER ROLE");
        var select = s.Statement("SELECT");
        s.End();
        var a = TestPolicy.Blocking("a", "ALTER ROLE");
        var b = TestPolicy.Blocking("b", "ALTER ROLE", "SELECT");
        var writer = new RecordingWriter();

        await new ReplayEngine([a, b]).RunAsync(
            [s.ToSession()], [writer], new ReplayOptions { Kind = ReportKind.Diff }, TestContext.Current.CancellationToken);

        // Then: the SELECT is aborted under both (b's own verdict, blocked, makes no difference), so nothing differs
        writer.Operations.ShouldBeEmpty();
        alter.ShouldBeLessThan(select);
    }

    [Fact]
    public void Differs_is_false_for_one_policy_and_for_none()
    {
        var operation = DemoTraces.ViewAttack.Operations()[0];

        OutcomeDiff.Differs(new ReplayedOperation(operation, [])).ShouldBeFalse();
        OutcomeDiff.Differs(new ReplayEngine([BuiltInPolicies.Permissive]).Evaluate(operation)).ShouldBeFalse();
    }

    [Fact]
    public async Task Two_runs_give_identical_results_with_and_without_read_ahead()
    {
        var policies = BuiltInPolicies.All;
        var ct = TestContext.Current.CancellationToken;

        async Task<string> RunAsync(int readAhead, int batch)
        {
            var writer = new RecordingWriter();
            var sessions = GoldenTrace.Catalogue.SelectMany(s => GoldenTrace.Of(s.Id).ToSessions()).Concat(AllSamples()).ToArray();
            var footer = await new ReplayEngine(policies).RunAsync(
                sessions, [writer], new ReplayOptions { ReadAhead = readAhead, ReadAheadBatch = batch }, ct);
            var lines = writer.Operations.Select(o =>
                $"{o.Operation.SessionId} {o.Operation.Seq} {string.Join(",", o.Operation.Chain.Select(e => $"{e.Kind}/{e.ObjectName}/{e.Owner.DisplayName}"))} "
                + string.Join(";", o.Verdicts.Select(v => $"{v.Policy}={v.Outcome}/{v.Verdict.Message}/{v.Verdict.Detail}")));
            var shapes = footer.Shapes.Select(s => $"{s.Shape.Text} {s.Operations} {string.Join(",", s.Policies)} {s.Example.Operation.Seq}");
            var sessionCounts = footer.Summary.Sessions.Select(s => $"{s.SessionId} {s.Database} {s.Operations} {string.Join(",", s.Policies)}");
            return string.Join("\n", lines.Concat(shapes).Concat(sessionCounts));
        }

        var first = await RunAsync(8, 3);
        var second = await RunAsync(8, 3);
        var inline = await RunAsync(0, 1024);

        // One frame per hand-off: reading, building and judging interleave as finely as they can
        var finest = await RunAsync(1, 1);

        second.ShouldBe(first);
        inline.ShouldBe(first);
        finest.ShouldBe(first);
        first.Length.ShouldBeGreaterThan(10_000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public async Task An_error_while_reading_reaches_the_caller_as_thrown(int readAhead)
    {
        var before = BeforeTheEscalation(out var operations);

        async IAsyncEnumerable<IRecordedFrame> Failing()
        {
            foreach (var frame in before)
            {
                yield return frame;
            }

            await Task.Yield();
            throw new InvalidOperationException("the event store went away");
        }

        var writer = new RecordingWriter();
        var engine = new ReplayEngine(Replays.Classic);

        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            engine.RunAsync(
                [new RecordedSession("1-1", Failing())], [writer], new ReplayOptions { ReadAhead = readAhead },
                TestContext.Current.CancellationToken));

        // Then: the operations of the frames read before the failure were replayed and written; no footer
        error.Message.ShouldBe("the event store went away");
        writer.Calls.ShouldBe(["begin", .. operations.Select(seq => $"1-1:{seq}")]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public async Task A_null_frame_is_refused_after_the_operations_before_it(int readAhead)
    {
        // Given: a session with a missing frame after its second operation (the provenance stage meets it on its own
        // thread with read-ahead)
        var frames = BeforeTheEscalation(out var operations).Append(null!).ToList();
        var writer = new RecordingWriter();

        var error = await Should.ThrowAsync<ArgumentNullException>(() =>
            new ReplayEngine(Replays.Classic).RunAsync(
                [RecordedSession.FromFrames("1-1", frames)], [writer], new ReplayOptions { ReadAhead = readAhead },
                TestContext.Current.CancellationToken));

        // Then: as on one thread, the frames before it were replayed and written, and no footer
        error.ParamName.ShouldBe("sessions");
        writer.Calls.ShouldBe(["begin", .. operations.Select(seq => $"1-1:{seq}")]);
    }

    [Fact]
    public async Task A_null_session_is_refused()
    {
        var engine = new ReplayEngine(Replays.Classic);

        await Should.ThrowAsync<ArgumentNullException>(() =>
            engine.RunAsync([DemoTraces.ViewAttack.ToSessions().Single(), null!], [], cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Cancellation_stops_the_replay()
    {
        using var cancel = new CancellationTokenSource();
        var writer = new CancellingWriter(cancel);
        var engine = new ReplayEngine(Replays.Classic);

        await Should.ThrowAsync<OperationCanceledException>(() => engine.RunAsync(AllSamples(), [writer], cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task Progress_reports_sessions_events_and_operations()
    {
        // Given: sessions that state their event counts, and a progress sink that runs synchronously
        var progress = new ListProgress();
        var sessions = AllSamples();
        var events = DemoTraces.All.Sum(t => DemoTraces.FramesOf(t).Count);
        var engine = new ReplayEngine(Replays.Classic);

        await engine.RunAsync(
            sessions, [], new ReplayOptions { Progress = progress, ProgressInterval = 4 }, TestContext.Current.CancellationToken);

        // Then: a first report at zero, one every 4 events, one per session end, and a last one
        var reports = progress.Reports;
        reports[0].ShouldBe(new ReplayProgress(0, 3, 0, events, 0, null));
        reports[^1].ShouldBe(new ReplayProgress(3, 3, events, events, 9, null));
        reports.Select(r => r.EventsRead).ShouldBeInOrder(SortDirection.Ascending);
        reports.Select(r => r.SessionsDone).ShouldBeInOrder(SortDirection.Ascending);
        reports.Count(r => r.EventsRead % 4 == 0 && r.EventsRead > 0 && r.Session is not null).ShouldBeGreaterThanOrEqualTo(events / 4);
        reports.Where(r => r.SessionsDone == 1).First().Session.ShouldBe(DemoTraces.SessionOf(DemoTraces.ViewAttack));
    }

    [Fact]
    public async Task Progress_over_a_stream_of_sessions_has_no_totals()
    {
        var progress = new ListProgress();
        var engine = new ReplayEngine(Replays.Classic);

        await engine.RunAsync(
            AllSamples().ToAsyncEnumerable(), [], new ReplayOptions { Progress = progress }, TestContext.Current.CancellationToken);

        progress.Reports.ShouldAllBe(r => r.SessionsTotal == null && r.EventsTotal == null);
        progress.Reports[^1].SessionsDone.ShouldBe(3);
    }

    [Fact]
    public async Task Replay_reports_collect_the_shapes_the_footer_has()
    {
        var engine = new ReplayEngine(Replays.Classic);

        var report = await engine.ReplayAsync(AllSamples(), TestContext.Current.CancellationToken);

        report.Shapes.Sum(s => s.Operations).ShouldBe(9);
        report.Shapes[0].Operations.ShouldBeGreaterThanOrEqualTo(report.Shapes[^1].Operations);
    }

    private sealed class ListProgress : IProgress<ReplayProgress>
    {
        public List<ReplayProgress> Reports { get; } = [];

        public void Report(ReplayProgress value) => Reports.Add(value);
    }

    private sealed class CancellingWriter(CancellationTokenSource cancel) : IReportWriter
    {
        public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
        {
            cancel.Cancel();
            return Task.CompletedTask;
        }

        public Task EndAsync(ReportFooter footer, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A cancelled replay must not end its report.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
