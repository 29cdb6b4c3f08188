using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
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
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // The whole file is checked before the event store is touched.
        var trace = await TraceFiles.OpenAsync(settings.File, cancellation);
        var connection = await EventStoreLocator.ConnectionStringAsync(settings.Connection, cancellation);
        await EventStoreConnection.CheckAsync(connection, cancellation);
        await using var store = TraceLabStore.Create(connection);
        var summary = await TraceImport.ImportAsync(store, trace, null, cancellation);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {summary.SessionsImported} sessions ({summary.FramesImported} events) from {settings.File}; "
            + $"{summary.SessionsSkipped} already in the event store"));
        return ExitCodes.Success;
    }
}
