using TraceLab.Policies;
using TraceLab.Replayer.Distributed;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Tests.Catalogue;
using TraceLab.Replayer.Tests.Support;
using TraceLab.Reports;
using TraceLab.Scenarios.Running;

namespace TraceLab.Replayer.Tests.Distributed;

/// <summary>A report assembled from per-session results that travelled through the codec is the single-process report,
/// byte for byte, in every format, for <c>replay</c> and <c>diff</c>.</summary>
public sealed class AssembledReportTests
{
    public static TheoryData<string> Scenarios => CatalogueReplayTests.Scenarios;

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_golden_trace_assembles_into_the_single_process_report_in_every_format(string scenario)
    {
        var trace = GoldenTrace.Of(scenario);
        var engine = new ReplayEngine(BuiltInPolicies.All, trace.Leaders);
        var sessions = trace.ToSessions();
        var ids = sessions.Select(s => s.SessionId).ToList();
        var results = await DistributedReports.ReplayEachAsync(engine, sessions, TestContext.Current.CancellationToken);

        foreach (var (format, kind) in DistributedReports.Variants)
        {
            var options = new ReplayOptions { Kind = kind, Expectations = DistributedReports.NoBlocks(engine.Policies) };

            var single = await DistributedReports.SingleProcessAsync(engine, trace.ToSessions(), format, options, TestContext.Current.CancellationToken);
            var assembled = await DistributedReports.AssembledAsync(engine, results, ids, format, options, TestContext.Current.CancellationToken);

            single.Length.ShouldBeGreaterThan(100, $"{format} {kind}");
            System.Text.Encoding.UTF8.GetString(assembled).ShouldBe(System.Text.Encoding.UTF8.GetString(single), $"{format} {kind}");
        }
    }

    [Fact]
    public async Task Sessions_replayed_concurrently_in_another_order_assemble_into_the_same_report_with_a_shape_limit()
    {
        // Every golden trace in one replay, so that shapes and their examples span sessions, and the limit cuts them.
        var traces = GoldenTrace.Catalogue.Select(s => GoldenTrace.Of(s.Id)).ToList();
        var engine = new ReplayEngine(BuiltInPolicies.All, ParallelLeaders.ResolverFor([.. traces.SelectMany(t => t.Sessions)]));
        var sessions = traces.SelectMany(t => t.ToSessions()).ToList();
        var ids = sessions.Select(s => s.SessionId).ToList();
        ids.Distinct().Count().ShouldBe(ids.Count);

        var replays = sessions.AsEnumerable().Reverse()
            .Select(s => Task.Run(() => engine.ReplaySessionAsync(s, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken))
            .ToList();
        var byId = (await Task.WhenAll(replays)).ToDictionary(r => r.SessionId, DistributedReports.Travel);
        var results = ids.Select(id => byId[id]).ToList();

        foreach (var (format, kind) in DistributedReports.Variants)
        {
            var options = new ReplayOptions { Kind = kind, MaxShapes = 12 };

            var single = await DistributedReports.SingleProcessAsync(engine, sessions, format, options, TestContext.Current.CancellationToken);
            var assembled = await DistributedReports.AssembledAsync(engine, results, ids, format, options, TestContext.Current.CancellationToken);

            System.Text.Encoding.UTF8.GetString(assembled).ShouldBe(System.Text.Encoding.UTF8.GetString(single), $"{format} {kind}");
        }
    }

    [Fact]
    public async Task The_footer_and_progress_reports_are_those_of_the_single_process_replay()
    {
        var trace = GoldenTrace.Of("view-calls-untrusted-function");
        var engine = new ReplayEngine(BuiltInPolicies.All, trace.Leaders);
        var sessions = trace.ToSessions();
        var ids = sessions.Select(s => s.SessionId).ToList();
        var results = await DistributedReports.ReplayEachAsync(engine, sessions, TestContext.Current.CancellationToken);
        var singleProgress = new List<ReplayProgress>();
        var assembledProgress = new List<ReplayProgress>();

        // Within-session reports are the single-process replay's own (a result arrives whole): none here.
        var single = await engine.RunAsync(
            sessions, [], new ReplayOptions { Progress = new Recorded(singleProgress), ProgressInterval = int.MaxValue },
            TestContext.Current.CancellationToken);
        var assembled = await engine.AssembleAsync(
            results.ToAsyncEnumerable(), [], new ReplayOptions { Progress = new Recorded(assembledProgress) }, ids,
            sessions.Sum(s => s.EventCount), TestContext.Current.CancellationToken);

        singleProgress.Count.ShouldBe(sessions.Length + 2);
        assembledProgress.ShouldBe(singleProgress);
        assembled.OperationsWritten.ShouldBe(single.OperationsWritten);
        assembled.Summary.Sessions.ShouldBe(single.Summary.Sessions, ignoreOrder: false, customMessage: null, comparer: SessionSummaries.Instance);
    }

    [Fact]
    public async Task Results_that_do_not_match_the_sessions_named_are_refused()
    {
        var traces = new[] { GoldenTrace.Of("view-calls-untrusted-function"), GoldenTrace.Of("group-role-ownership") };
        var engine = new ReplayEngine(BuiltInPolicies.All);
        var sessions = traces.SelectMany(t => t.ToSessions()).ToList();
        var results = await DistributedReports.ReplayEachAsync(engine, sessions, TestContext.Current.CancellationToken);
        var ids = sessions.Select(s => s.SessionId).ToList();

        var missing = await Should.ThrowAsync<ArgumentException>(() =>
            engine.AssembleAsync(results.Take(results.Count - 1).ToAsyncEnumerable(), [], null, ids, null, TestContext.Current.CancellationToken));
        var extra = await Should.ThrowAsync<ArgumentException>(() =>
            engine.AssembleAsync(results.Concat(results).ToAsyncEnumerable(), [], null, ids, null, TestContext.Current.CancellationToken));
        var swapped = await Should.ThrowAsync<ArgumentException>(() =>
            engine.AssembleAsync(results.AsEnumerable().Reverse().ToAsyncEnumerable(), [], null, ids, null, TestContext.Current.CancellationToken));

        missing.Message.ShouldStartWith($"Results for {ids.Count - 1} of the {ids.Count} sessions named.");
        extra.Message.ShouldStartWith($"More results than the {ids.Count} sessions named.");
        swapped.Message.ShouldStartWith($"The result for session '{ids[^1]}' came where session '{ids[0]}' was expected.");
    }

    [Fact]
    public async Task Results_replayed_under_other_policies_are_refused()
    {
        var trace = GoldenTrace.Of("view-calls-untrusted-function");
        var sessions = trace.ToSessions();
        var ids = sessions.Select(s => s.SessionId).ToList();
        var other = new ReplayEngine([BuiltInPolicies.DdlNeedsTrustedChain, BuiltInPolicies.Permissive], trace.Leaders);
        var results = await DistributedReports.ReplayEachAsync(other, sessions, TestContext.Current.CancellationToken);
        var engine = new ReplayEngine([BuiltInPolicies.Permissive, BuiltInPolicies.DdlNeedsTrustedChain], trace.Leaders);

        var error = await Should.ThrowAsync<ArgumentException>(() =>
            engine.AssembleAsync(results.ToAsyncEnumerable(), [], null, ids, null, TestContext.Current.CancellationToken));

        error.Message.ShouldStartWith(
            $"The result for session '{ids[0]}' was replayed under the policies ddl-needs-trusted-chain, permissive, "
            + "not permissive, ddl-needs-trusted-chain.");
    }

    /// <summary>Keeps every report, on the replaying thread (<see cref="Progress{T}"/> would post them).</summary>
    private sealed class Recorded(List<ReplayProgress> reports) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => reports.Add(value);
    }

    private sealed class SessionSummaries : IEqualityComparer<SessionSummary>
    {
        public static readonly SessionSummaries Instance = new();

        public bool Equals(SessionSummary? x, SessionSummary? y) =>
            x is not null && y is not null && x.SessionId == y.SessionId && x.Database == y.Database && x.Operations == y.Operations
            && x.Policies.SequenceEqual(y.Policies);

        public int GetHashCode(SessionSummary obj) => obj.SessionId.GetHashCode(StringComparison.Ordinal);
    }
}
