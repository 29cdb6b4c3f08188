using TraceLab.Policies;
using TraceLab.Replayer.Distributed;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Replayer.Tests.Distributed;

/// <summary>The two ways to write a replay's report: in one process (<see cref="ReplayEngine.RunAsync(IEnumerable{RecordedSession},
/// IReadOnlyList{IReportWriter}, ReplayOptions?, CancellationToken)"/>), and as a distributed replay does it: each
/// session replayed on its own, its result encoded and decoded as it travels through the store, the report assembled
/// from the decoded results (<see cref="ReplayEngine.AssembleAsync"/>).</summary>
internal static class DistributedReports
{
    /// <summary>Every format in both kinds.</summary>
    public static IEnumerable<(string Format, ReportKind Kind)> Variants =>
        ReportFormats.Names.SelectMany(format => new[] { (format, ReportKind.Replay), (format, ReportKind.Diff) });

    /// <summary>For JUnit: every policy must not block (so the suites have failing test cases too).</summary>
    public static IReadOnlyList<Expectation> NoBlocks(IEnumerable<IPolicy> policies) =>
        [.. policies.Select(p => new Expectation(p.Name, [Outcome.Blocked]))];

    /// <summary>The sessions' results, each through the codec, replayed one at a time in the order given.</summary>
    public static async Task<List<SessionReplayResult>> ReplayEachAsync(
        ReplayEngine engine, IEnumerable<RecordedSession> sessions, CancellationToken cancellationToken)
    {
        var results = new List<SessionReplayResult>();
        foreach (var session in sessions)
        {
            results.Add(Travel(await engine.ReplaySessionAsync(session, cancellationToken)));
        }

        return results;
    }

    /// <summary>A result as the coordinator gets it back from a worker: encoded, then decoded.</summary>
    public static SessionReplayResult Travel(SessionReplayResult result) =>
        SessionReplayResultCodec.Decode(SessionReplayResultCodec.Encode(result));

    public static Task<byte[]> SingleProcessAsync(
        ReplayEngine engine, IReadOnlyList<RecordedSession> sessions, string format, ReplayOptions options, CancellationToken cancellationToken) =>
        RenderAsync(format, writer => engine.RunAsync(sessions, [writer], options, cancellationToken));

    public static Task<byte[]> AssembledAsync(
        ReplayEngine engine,
        IReadOnlyList<SessionReplayResult> results,
        IReadOnlyList<string> sessionIds,
        string format,
        ReplayOptions options,
        CancellationToken cancellationToken) =>
        RenderAsync(format, writer => engine.AssembleAsync(
            results.ToAsyncEnumerable(), [writer], options, sessionIds, results.Sum(r => r.EventsRead), cancellationToken));

    private static async Task<byte[]> RenderAsync(string format, Func<IReportWriter, Task<ReportFooter>> run)
    {
        using var output = new MemoryStream();
        await using (var writer = ReportFormats.Create(format, output))
        {
            await run(writer);
        }

        return output.ToArray();
    }
}
