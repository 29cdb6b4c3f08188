using TraceLab.Cli.Commands;
using TraceLab.Distributed.Coordination;
using TraceLab.Distributed.Policies;
using TraceLab.Replayer;
using TraceLab.Replayer.Distributed;
using TraceLab.Replayer.Output;
using TraceLab.Store;

namespace TraceLab.Cli.Reports;

/// <summary>The coordinator of <c>replay --distributed</c> and <c>diff --distributed</c>: publishes the selected sessions
/// as jobs and assembles the report from the workers' results as they arrive, as a single-process replay writes it.</summary>
internal sealed class DistributedReport(TimeProvider time)
{
    /// <summary>What the coordinator says, once, when no worker has delivered anything after a few seconds.</summary>
    public const string WaitingNotice = "waiting for workers… (start them with \"tracelab worker\"; Ctrl-C stops waiting)";

    public async Task<ReportFooter> RunAsync(
        string? connectionOption,
        ReplayEngine engine,
        IReadOnlyList<ResolvedPolicy> policies,
        IReadOnlyList<RecordedSessionSummary> sessions,
        IReadOnlyList<IReportWriter> writers,
        ReplayOptions options,
        CancellationToken cancellation)
    {
        var connection = await EventStoreLocator.ConnectionStringAsync(connectionOption, cancellation);
        await using var coordinator = await ReplayCoordinator.StartAsync(connection, time, cancellation);
        await using var run = await coordinator.PublishAsync(
            [.. sessions.Select(s => (s.SessionId, (long?)s.EventCount))], options.Kind, policies, cancellation);
        long? eventsTotal = sessions.Sum(s => s.EventCount);

        // The writers start only once the first result is in: a run that no worker takes, or that a worker refuses,
        // ends before any of the report is written.
        await using var results = run.ResultsAsync(() => Console.Error.WriteLine(WaitingNotice), cancellation)
            .GetAsyncEnumerator(cancellation);
        var any = await results.MoveNextAsync();
        return await engine.AssembleAsync(
            FromFirst(results, any),
            writers,
            options,
            [.. sessions.Select(s => s.SessionId)],
            eventsTotal,
            cancellation);
    }

    /// <summary>The results of an enumerator already moved to its first one (when <paramref name="any"/>).</summary>
    private static async IAsyncEnumerable<SessionReplayResult> FromFirst(IAsyncEnumerator<SessionReplayResult> results, bool any)
    {
        if (!any)
        {
            yield break;
        }

        yield return results.Current;
        while (await results.MoveNextAsync())
        {
            yield return results.Current;
        }
    }
}
