using TraceLab.Cli.Commands;
using TraceLab.Distributed.Coordination;
using TraceLab.Distributed.Policies;
using TraceLab.Replayer;
using TraceLab.Replayer.Output;
using TraceLab.Store;

namespace TraceLab.Cli.Reports;

/// <summary>The coordinator of <c>replay --distributed</c> and <c>diff --distributed</c>: publishes the selected sessions
/// as jobs, waits for the workers' results and assembles the report from them, as a single-process replay writes it.</summary>
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
        await run.WaitAsync(options.Progress, () => Console.Error.WriteLine(WaitingNotice), cancellation);

        long? eventsTotal = sessions.Sum(s => s.EventCount);
        return await engine.AssembleAsync(
            run.ResultsAsync(cancellation),
            writers,
            options with { Progress = null },
            [.. sessions.Select(s => s.SessionId)],
            eventsTotal,
            cancellation);
    }
}
