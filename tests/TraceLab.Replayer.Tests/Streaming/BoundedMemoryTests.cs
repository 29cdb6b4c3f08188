using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Replayer.Counterfactual;
using TraceLab.Replayer.Tests.Support;

namespace TraceLab.Replayer.Tests.Streaming;

/// <summary>A long session keeps only its live state: asserted on the replay's own counts, not on the GC.</summary>
public sealed class BoundedMemoryTests
{
    private const uint Alice = 10;
    private const uint Mallory = 16384;
    private const uint F = 16410;
    private const uint G = 16411;
    private const int Transactions = 20_000;

    /// <summary>Transactions of statements, nested calls, savepoints, exception blocks and blocked DDL, generated lazily
    /// (the test never holds the session in memory either).</summary>
    private static IEnumerable<IRecordedFrame> LongSession()
    {
        long seq = 0;
        FrameHeader H(long parent, int depth) => new(++seq, parent, depth, 1_780_000_000_000_000 + seq, Alice, Alice, SecurityContext.None);

        yield return new SessionStarted(H(0, 0), 2, "0.2", 150008, 1, 4242, 1_780_000_000_000_000, 1, "db", Alice, "app", "client backend");
        yield return new RoleDescribed(H(0, 0), Alice, "alice", true, true, true, true);
        yield return new RoleDescribed(H(0, 0), Mallory, "mallory", false, true, true, false);
        yield return new FunctionDescribed(H(0, 0), F, "mallory", "f", "", Mallory, false, "plpgsql", "f", "v", "void");
        yield return new FunctionDescribed(H(0, 0), G, "mallory", "g", "", Mallory, false, "plpgsql", "f", "v", "void");
        for (var t = 0; t < Transactions; t++)
        {
            var queryId = 1000 + (t % 50);
            var begin = H(0, 0);
            yield return new StatementStarted(begin, 1, "BEGIN", StatementKind.Utility, StatementContext.TopLevel, "BEGIN");
            yield return new StatementFinished(H(0, 0), begin.Seq, FrameOutcome.Succeeded, "", 0);
            var savepoint = H(0, 0);
            yield return new StatementStarted(savepoint, 2, "SAVEPOINT", StatementKind.Utility, StatementContext.TopLevel, "SAVEPOINT a");
            yield return new StatementFinished(H(0, 0), savepoint.Seq, FrameOutcome.Succeeded, "", 0);
            yield return new SubtransactionStarted(H(0, 0), 2, 1);
            yield return new QueryAnalyzed(H(0, 0), queryId, "SELECT", [], [], [], [], "SELECT mallory.f()");
            var select = H(0, 0);
            yield return new StatementStarted(select, queryId, "SELECT", StatementKind.Planned, StatementContext.TopLevel, "SELECT mallory.f()");
            var f = H(select.Seq, 1);
            yield return new FunctionEntered(f, F, "call", 7, null, null, "execution");
            yield return new SubtransactionStarted(H(f.Seq, 2), 3, 2);
            var alter = H(f.Seq, 2);
            yield return new StatementStarted(alter, 99, t % 3 == 0 ? "ALTER ROLE" : "CREATE TABLE", StatementKind.Utility, StatementContext.Query, "DDL");
            yield return new StatementFinished(H(f.Seq, 2), alter.Seq, FrameOutcome.Succeeded, "", 0);
            var g = H(f.Seq, 2);
            yield return new FunctionEntered(g, G, "call", 7, null, null, "execution");
            yield return new FunctionExited(H(f.Seq, 2), g.Seq, FrameOutcome.Succeeded, "");
            yield return new SubtransactionEnded(H(f.Seq, 2), 3, TransactionOutcome.Committed);
            yield return new FunctionExited(H(select.Seq, 1), f.Seq, FrameOutcome.Succeeded, "");
            yield return new StatementFinished(H(0, 0), select.Seq, FrameOutcome.Succeeded, "", 1);
            if (t % 2 == 0)
            {
                var rollback = H(0, 0);
                yield return new StatementStarted(rollback, 3, "ROLLBACK", StatementKind.Utility, StatementContext.TopLevel, "ROLLBACK TO a");
                yield return new StatementFinished(H(0, 0), rollback.Seq, FrameOutcome.Succeeded, "", 0);
                yield return new SubtransactionEnded(H(0, 0), 2, TransactionOutcome.Aborted);
            }

            var commit = H(0, 0);
            yield return new StatementStarted(commit, 4, "COMMIT", StatementKind.Utility, StatementContext.TopLevel, "COMMIT");
            yield return new StatementFinished(H(0, 0), commit.Seq, FrameOutcome.Succeeded, "", 0);
            yield return new TransactionEnded(H(0, 0), TransactionOutcome.Committed);
        }

        yield return new SessionEnded(H(0, 0));
    }

    [Fact]
    public void A_long_session_keeps_only_its_live_state()
    {
        // Given: a replay of the session under policies that block, catch and abort on the way
        IPolicy[] policies = [.. BuiltInPolicies.All, TestPolicy.Blocking("no-alter-role", "ALTER ROLE"), TestPolicy.Blocking("no-ddl", "CREATE TABLE", "ALTER ROLE")];
        var replay = new SessionReplay("4242-1", policies, SessionReplay.AllowedVerdicts(policies), null);
        int maxLive = 0, maxSubtransactions = 0, maxRemembered = 0, maxActive = 0, maxIds = 0, activeAtTransactionEnd = 0;
        long frames = 0, operations = 0;
        var outcomes = new long[6];

        // When: every frame is observed and the live state sampled after each
        foreach (var frame in LongSession())
        {
            frames++;
            if (replay.Observe(frame) is { } replayed)
            {
                operations++;
                outcomes[(int)replayed.Verdicts[^2].Outcome]++;
            }

            maxLive = Math.Max(maxLive, replay.Builder.LiveFrames);
            maxSubtransactions = Math.Max(maxSubtransactions, replay.Timeline.OpenSubtransactions);
            maxRemembered = Math.Max(maxRemembered, replay.Builder.RememberedObjects);
            maxActive = Math.Max(maxActive, replay.ActiveStates);
            maxIds = Math.Max(maxIds, replay.MaxRememberedIds);
            if (frame is TransactionEnded)
            {
                activeAtTransactionEnd = Math.Max(activeAtTransactionEnd, replay.ActiveStates);
            }
        }

        // Then: hundreds of thousands of frames, and the state never exceeded the nesting and the catalog
        frames.ShouldBeGreaterThan(400_000);
        operations.ShouldBe(Transactions * 7L + (Transactions / 2));
        maxLive.ShouldBeLessThanOrEqualTo(3);
        maxSubtransactions.ShouldBeLessThanOrEqualTo(2);
        maxRemembered.ShouldBeLessThanOrEqualTo(4 + 50 * 2);
        // Most policies block something in every transaction (alice is a superuser calling mallory's code), so many
        // states are active at once; none outlives its transaction, and each keeps at most the open savepoint and
        // the catching function.
        maxActive.ShouldBeGreaterThanOrEqualTo(2);
        activeAtTransactionEnd.ShouldBe(0);
        maxIds.ShouldBeLessThanOrEqualTo(2);
        replay.Builder.LiveFrames.ShouldBe(0);
        replay.Timeline.OpenSubtransactions.ShouldBe(0);
        replay.ActiveStates.ShouldBe(0);
        outcomes[(int)Outcome.Blocked].ShouldBe((Transactions + 2) / 3);
        outcomes[(int)Outcome.HandlerWouldRun].ShouldBe((Transactions + 2) / 3);
    }

    [Fact]
    public async Task A_streaming_replay_of_a_long_session_keeps_at_most_the_shape_limit()
    {
        var writer = new CountingWriter();
        var engine = new ReplayEngine([.. BuiltInPolicies.All, TestPolicy.Blocking("no-alter-role", "ALTER ROLE")]);

        var footer = await engine.RunAsync(
            [new RecordedSession("4242-1", LongSession().ToAsyncEnumerable())], [writer], new ReplayOptions { MaxShapes = 3 },
            TestContext.Current.CancellationToken);

        writer.Count.ShouldBe(Transactions * 7L + (Transactions / 2));
        footer.Summary.Operations.ShouldBe(writer.Count);
        footer.Shapes.Count.ShouldBe(4);
        footer.Shapes.Sum(s => s.Operations).ShouldBe(writer.Count);
    }

    private sealed class CountingWriter : Output.IReportWriter
    {
        public long Count { get; private set; }

        public Task BeginAsync(Output.ReportHeader header, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
        {
            Count++;
            return Task.CompletedTask;
        }

        public Task EndAsync(Output.ReportFooter footer, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
