using System.ComponentModel;
using Spectre.Console.Cli;

namespace TraceLab.Cli.Commands;

/// <summary>Options of every command that reads or writes the event store.</summary>
internal class EventStoreSettings : CommandSettings
{
    [CommandOption("-c|--connection <CONNECTION>")]
    [Description("The event store, as a URI (postgresql://user:password@host:port/database) or an Npgsql connection string "
        + "(Host=…;Port=…;Username=…;Database=…) (default: TRACELAB_CONNECTION, else the embedded cluster).")]
    public string? Connection { get; init; }
}
