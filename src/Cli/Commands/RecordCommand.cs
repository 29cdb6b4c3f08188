using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Recorder.Hosting;
using TraceLab.Recorder.Ingest;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab record</c>: ingest probe spool files into the event store, once or following them.</summary>
internal sealed class RecordCommand : AsyncCommand<RecordCommand.Settings>
{
    public sealed class Settings : EventStoreSettings
    {
        [CommandOption("--once")]
        [Description("Ingest what is there and exit (the default).")]
        public bool Once { get; init; }

        [CommandOption("--follow")]
        [Description("Keep tailing the spool directory until interrupted.")]
        public bool Follow { get; init; }

        [CommandOption("--spool <DIR>")]
        [Description("Spool directory of a server running the probe (default: TRACELAB_SPOOL, else the embedded cluster's).")]
        public string? Spool { get; init; }

        public override ValidationResult Validate() =>
            Once && Follow ? ValidationResult.Error("--once and --follow cannot be used together") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var spool = await EventStoreLocator.SpoolDirectoryAsync(settings.Spool, cancellation);
        var connection = await EventStoreLocator.ConnectionStringAsync(settings.Connection, cancellation);
        await using var recorder = await RecorderHost.StartAsync(connection, cancellation);
        if (!settings.Follow)
        {
            var summary = await recorder.Ingestor.IngestOnceAsync(spool, cancellation);
            Report(summary);
            return summary.Errors.Count == 0 ? 0 : ErrorReporter.Failure;
        }

        AnsiConsole.MarkupLineInterpolated($"following [bold]{spool}[/]; press Ctrl+C to stop");
        var total = await recorder.Ingestor.FollowAsync(spool, TimeSpan.FromMilliseconds(500), progress =>
        {
            if (progress.EventsAppended > 0 || progress.SessionsEndedAbnormally > 0 || progress.Errors.Count > 0)
            {
                Report(progress);
            }
        }, cancellation);
        Report(total);
        return 0;
    }

    private static void Report(SpoolIngestSummary summary)
    {
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingested {summary.EventsAppended} events from {summary.FilesWithNewData} of {summary.FilesSeen} spool files"));
        if (summary.SessionsEndedAbnormally > 0)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.SessionsEndedAbnormally} sessions ended abnormally (their server restarted after them)"));
        }

        foreach (var error in summary.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            if (error.Detail is not null)
            {
                Console.Error.WriteLine($"detail: {error.Detail}");
            }

            if (error.Hint is not null)
            {
                Console.Error.WriteLine($"hint: {error.Hint}");
            }
        }
    }
}
