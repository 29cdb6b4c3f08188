using System.ComponentModel;
using Spectre.Console.Cli;

namespace TraceLab.Cli.Commands;

/// <summary>Options of every command that reads or writes the event store.</summary>
internal class EventStoreSettings : CommandSettings
{
    [CommandOption("--connection <CONNECTION>")]
    [Description("Npgsql connection string of the event store (default: TRACELAB_CONNECTION, else the embedded cluster).")]
    public string? Connection { get; init; }
}
