using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.Reports;
using TraceLab.Recorder.Hosting;
using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Spool;

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

        [CommandOption("--quarantine <DIR>")]
        [Description("Where damaged spool files are moved, each with a .note beside it, on the spool directory's file system "
            + "(default: quarantine inside the spool directory). With --once, exit status 5 says that some files were "
            + "quarantined and everything else was ingested.")]
        public string? Quarantine { get; init; }

        [CommandOption("--quiet-period <SECONDS>")]
        [Description("How long a spool file must not have grown before a block cut short at its end counts as damage "
            + "rather than the part the probe is still writing (default: 60; 0 when the server is stopped).")]
        public double? QuietPeriod { get; init; }

        [CommandOption("--abandon-after <SECONDS>")]
        [Description("With --follow: mark a session ended abnormally once its spool file has not grown for this long and "
            + "no process with its pid and backend start is left on this machine (default: never). Idle pooled "
            + "connections are not affected: their backend processes are alive.")]
        public double? AbandonAfter { get; init; }

        [CommandOption("--server <CONNECTION>")]
        [Description("With --follow: a connection string to the recorded server, asked at every poll which backends are "
            + "alive (pg_stat_activity); its sessions whose backend is gone are marked ended abnormally. The role must be "
            + "a superuser or a member of pg_read_all_stats.")]
        public string? Server { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Draw no progress bar during --once (it is drawn on standard error only when that is a terminal).")]
        public bool Quiet { get; init; }

        [CommandOption("--ingested-files <ACTION>")]
        [Description("What to do with a spool file once it is ingested to its end and its session has ended: keep "
            + "(default), delete, or archive (move it to --archive).")]
        public string? IngestedFiles { get; init; }

        [CommandOption("--archive <DIR>")]
        [Description("Where --ingested-files archive moves done spool files, on the spool directory's file system "
            + "(default: archive inside the spool directory).")]
        public string? Archive { get; init; }

        /// <summary><see cref="IngestedFiles"/> as the action it names; null when not given.</summary>
        public IngestedFileAction? IngestedFileAction =>
            IngestedFiles is null ? null
            : Enum.TryParse<IngestedFileAction>(IngestedFiles, ignoreCase: true, out var action)
              && Enum.IsDefined(action) && !int.TryParse(IngestedFiles, CultureInfo.InvariantCulture, out _) ? action
            : throw CliException.Usage($"invalid value for --ingested-files: \"{IngestedFiles}\"", null,
                "Use keep, delete or archive.");

        public override ValidationResult Validate()
        {
            if (Archive is not null && !string.Equals(IngestedFiles, "archive", StringComparison.OrdinalIgnoreCase))
            {
                return ValidationResult.Error("--archive needs --ingested-files archive");
            }

            if (Once && Follow)
            {
                return ValidationResult.Error("--once and --follow cannot be used together");
            }

            if (!Follow && (AbandonAfter is not null || Server is not null))
            {
                return ValidationResult.Error("--abandon-after and --server need --follow");
            }

            if (AbandonAfter is < 0 or > 2_592_000 || AbandonAfter is double.NaN)
            {
                return ValidationResult.Error("--abandon-after must be between 0 and 2592000 seconds (30 days)");
            }

            return QuietPeriod is < 0 or > 86_400 || QuietPeriod is double.NaN
                ? ValidationResult.Error("--quiet-period must be between 0 and 86400 seconds")
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (!settings.Follow)
        {
            // A signal cancels the batch in flight; its transaction, which also moves the file's checkpoint, rolls
            // back, so what is committed stays and a rerun continues after it (the program reports the interruption).
            await using var recorder = await StartAsync(settings, cancellation);
            var summary = await new CountProgressDisplay(TimeProvider.System, settings.Quiet).RunAsync(
                "record", "bytes", progress => recorder.Ingestor.IngestOnceAsync(recorder.Spool, progress, cancellation));
            Report(summary);
            await ShapeStatisticsCatchUp.WaitAsync(recorder.Host.Services, TimeProvider.System, cancellation);
            return summary.Errors.Count == 0 ? ExitCodes.Success
                : summary.OnlyQuarantineErrors ? ExitCodes.Quarantined
                : ErrorReporter.Failure;
        }

        StartedRecorder following;
        try
        {
            following = await StartAsync(settings, cancellation);
        }
        catch (Exception e) when (cancellation.IsCancellationRequested && Interruption.IsCancellation(e))
        {
            // A signal is how --follow ends, even one that comes before it began to follow.
            Report(SpoolIngestSummary.Empty);
            return ExitCodes.Success;
        }

        await using (following)
        {
            AnsiConsole.MarkupLineInterpolated($"following [bold]{following.Spool}[/]; press Ctrl+C to stop");
            var total = await following.Ingestor.FollowAsync(following.Spool, TimeSpan.FromMilliseconds(500), progress =>
            {
                if (progress.EventsAppended > 0 || progress.SessionsEndedAbnormally > 0 || progress.Errors.Count > 0)
                {
                    Report(progress);
                }
            }, cancellation);

            // Every error of the run was printed by the poll that met it.
            Report(total with { Errors = [] });
            return ExitCodes.Success;
        }
    }

    /// <summary>Finds the spool directory and the event store, checks that the store can be connected to, and starts
    /// the Recorder on it.</summary>
    private static async Task<StartedRecorder> StartAsync(Settings settings, CancellationToken cancellation)
    {
        var action = settings.IngestedFileAction;
        var spool = await EventStoreLocator.SpoolDirectoryAsync(settings.Spool, cancellation);
        var connection = await EventStoreLocator.ConnectionStringAsync(settings.Connection, cancellation);
        await EventStoreConnection.CheckAsync(connection, cancellation);
        // --server takes the same two forms as --connection (a URI or key=value pairs).
        var server = settings.Server is null ? null : ConnectionStringForm.ToNpgsql(settings.Server);
        await LivenessSettings.CheckAsync(server, settings.AbandonAfter, cancellation);
        var recorder = await RecorderHost.StartAsync(
            options =>
            {
                options.EventStoreConnectionString = connection;
                if (settings.Quarantine is { } quarantine)
                {
                    options.QuarantineDirectory = Path.GetFullPath(quarantine);
                }

                if (settings.QuietPeriod is { } seconds)
                {
                    options.QuietPeriod = TimeSpan.FromSeconds(seconds);
                }

                if (action is { } ingested)
                {
                    options.IngestedFiles = ingested;
                }

                if (settings.Archive is { } archive)
                {
                    options.ArchiveDirectory = Path.GetFullPath(archive);
                }

                if (settings.AbandonAfter is { } abandon)
                {
                    options.AbandonAfter = TimeSpan.FromSeconds(abandon);
                }

                options.MonitoredServerConnectionString = server;
            },
            cancellationToken: cancellation);
        return new StartedRecorder(recorder, spool);
    }

    /// <summary>Prints what a pass ingested on standard output, and each damaged file once on standard error (the
    /// Recorder logs them below the level the command shows, so they are not printed twice).</summary>
    private static void Report(SpoolIngestSummary summary)
    {
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingested {summary.EventsAppended} events from {summary.FilesWithNewData} of {summary.FilesSeen} spool files"));
        if (summary.SessionsEndedAbnormally > 0)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.SessionsEndedAbnormally} sessions ended abnormally (their backends are gone, without a SessionEnded)"));
        }

        foreach (var (session, count) in summary.DroppedFrames)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"session {session}: the probe dropped {count} frames (its spool directory was full, over its budget or not writable); see \"tracelab sessions\""));
        }

        if (summary.FilesRemoved > 0)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(summary.RemovedHow == IngestedFileAction.Archive ? "archived" : "deleted")} {summary.FilesRemoved} spool files of ended sessions, ingested to their end"));
        }

        foreach (var error in summary.Errors)
        {
            ErrorReporter.Write(error);
        }
    }

    /// <summary>A started Recorder and the spool directory it reads.</summary>
    private sealed record StartedRecorder(RecorderHost Host, string Spool) : IAsyncDisposable
    {
        public SpoolIngestor Ingestor => Host.Ingestor;

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
