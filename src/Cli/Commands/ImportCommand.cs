using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.Reports;
using TraceLab.Store;
using TraceLab.Traces;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab import</c>: append the sessions of a trace file to the event store, never twice.</summary>
internal sealed class ImportCommand : AsyncCommand<ImportCommand.Settings>
{
    public sealed class Settings : EventStoreSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A trace file written by \"tracelab export\".")]
        public string File { get; init; } = "";

        [CommandOption("-q|--quiet")]
        [Description("Draw no progress bar (it is drawn on standard error only when that is a terminal).")]
        public bool Quiet { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // The whole file is checked before the event store is touched.
        var trace = await TraceFileReader.OpenAsync(settings.File, cancellation);
        var connection = await EventStoreLocator.ConnectionStringAsync(settings.Connection, cancellation);
        await EventStoreConnection.CheckAsync(connection, cancellation);
        await using var store = TraceLabStore.Create(connection);
        var total = (await trace.ListSessionsAsync(cancellation)).Sum(s => s.EventCount);
        var summary = await new CountProgressDisplay(TimeProvider.System, settings.Quiet).RunAsync(
            "import", total, progress => TraceImport.ImportAsync(store, trace, progress, cancellation));
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {summary.SessionsImported} sessions ({summary.FramesImported} events) from {settings.File}; "
            + $"{summary.SessionsSkipped} already in the event store"));
        return ExitCodes.Success;
    }
}
