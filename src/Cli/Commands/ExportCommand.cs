using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.Reports;
using TraceLab.Traces;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab export</c>: write recorded sessions to a portable trace file (TRACE.md).</summary>
internal sealed class ExportCommand : AsyncCommand<ExportCommand.Settings>
{
    public sealed class Settings : EventStoreSettings
    {
        [CommandArgument(0, "[SESSION]")]
        [Description("Session ids (or unique prefixes, or pids) to export.")]
        public string[] Sessions { get; init; } = [];

        [CommandOption("--all")]
        [Description("Export every recorded session.")]
        public bool All { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("The trace file to write (replaced only once it is complete).")]
        public string? Out { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Draw no progress bar (it is drawn on standard error only when that is a terminal).")]
        public bool Quiet { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrEmpty(Out) ? ValidationResult.Error("-o FILE is required: the trace file to write") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        await using var source = await EventStoreReader.OpenAsync(settings.Connection, cancellation);
        var store = source.Store;
        var recorded = await source.Sessions.ListSessionsAsync(cancellation);
        var selected = SessionSelector.Select(recorded, settings.Sessions, settings.All, verb: "export");
        using var target = new CompletedFile(settings.Out!);
        long frames;
        await using (var output = target.Open())
        {
            frames = await new CountProgressDisplay(TimeProvider.System, settings.Quiet).RunAsync(
                "export", selected.Sum(s => s.EventCount),
                progress => TraceExport.ExportAsync(store, selected, output, TimeProvider.System.GetUtcNow(),
                    $"tracelab {typeof(ExportCommand).Assembly.GetName().Version?.ToString(3)}", progress, cancellation));
        }

        target.Commit();
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"exported {selected.Count} sessions ({frames} events) to {settings.Out}"));
        return ExitCodes.Success;
    }
}
