using TraceLab.Cli.Commands;
using TraceLab.Cli.Commands.Policies;
using TraceLab.Errors;
using TraceLab.Policies;
using TraceLab.Policies.Catalog;
using TraceLab.Replayer;
using TraceLab.Replayer.Output;
using TraceLab.Reports;
using TraceLab.Scenarios.Running;

namespace TraceLab.Cli.Reports;

/// <summary>Runs <c>replay</c> or <c>diff</c>: selects sessions, replays them in one streaming pass under every policy,
/// writes the report, and applies <c>--fail-on</c>.</summary>
internal sealed class ReportRunner(TimeProvider time)
{
    public async Task<int> RunAsync(ReportSettings settings, ReportKind kind, CancellationToken cancellation)
    {
        // Everything that can be wrong with the command line is checked before the event store is touched.
        var resolved = PolicyArguments.ResolveWithDefinitions(settings.Policies);
        var policies = resolved.Select(p => p.Policy).ToList();
        var names = policies.Select(p => p.Name).ToList();
        var expectations = FailOnRule.Expectations([.. settings.FailOn.Select(FailOnRule.Parse)], names);
        var filter = settings.Filter();
        JUnitExpectationWarning.PrintIfNone(settings.FormatName, expectations);

        await using var source = await RecordedSource.OpenAsync(settings.Trace, settings.Connection, cancellation);
        var reader = source.Sessions;
        var recorded = await reader.ListSessionsAsync(cancellation);
        var selected = SessionSelector.Select(recorded, settings.Sessions, settings.All, filter);
        var sessions = selected
            .Select(s => new RecordedSession(s.SessionId, reader.ReadEventsAsync(s.SessionId, cancellation)) { EventCount = s.EventCount })
            .ToList();
        var engine = new ReplayEngine(policies, ParallelLeaders.ResolverFor(recorded));

        var options = new ReplayOptions { Kind = kind, Expectations = expectations };
        var footer = settings.Distributed
            ? await WriteReportAsync(settings, options, (writers, o) => new DistributedReport(time).RunAsync(
                settings.Connection, engine, resolved, selected, writers, o, cancellation), cancellation)
            : await WriteReportAsync(settings, options, (writers, o) => engine.RunAsync(sessions, writers, o, cancellation), cancellation);

        var violations = FailOnCheck.Violations(expectations, footer);
        if (violations.Count == 0)
        {
            return settings.SuccessCode(footer);
        }

        // Reported like an error, but only after the report was written in full: the exit code is what CI looks at.
        ErrorPrinter.Write(
            Console.Error,
            ErrorSeverity.Error,
            $"{violations[0]}{(violations.Count > 1 ? $" (and {violations.Count - 1} more outcome counts)" : "")}",
            violations.Count > 1
                ? $"{string.Join("; ", violations)}. --fail-on forbids these outcomes; the report was written in full."
                : "--fail-on forbids this outcome; the report was written in full.",
            null);
        return ExitCodes.FailOnTriggered;
    }

    /// <summary>Opens the report's destination and runs <paramref name="replay"/> into it, with a progress bar when one
    /// can be drawn.</summary>
    private async Task<ReportFooter> WriteReportAsync(
        ReportSettings settings,
        ReplayOptions options,
        Func<IReadOnlyList<IReportWriter>, ReplayOptions, Task<ReportFooter>> replay,
        CancellationToken cancellation)
    {
        await using var destination = ReportDestination.Open(settings.FormatName, settings.Out);
        var display = new ReplayProgressDisplay(time);
        var streamsToTerminal = destination.IsStandardOutput && settings.FormatName != ReportFormats.Table
                                && !Console.IsOutputRedirected;
        ReportFooter footer;
        if (!settings.NoProgress && !streamsToTerminal && display.CanShow)
        {
            var deferred = new DeferredEndWriter(destination.Writer);
            footer = await display.RunAsync(progress => replay([deferred], options with { Progress = progress }));
            await deferred.FinishAsync(cancellation);
        }
        else
        {
            footer = await replay([destination.Writer], options);
        }

        await destination.CommitAsync(cancellation);
        return footer;
    }
}
