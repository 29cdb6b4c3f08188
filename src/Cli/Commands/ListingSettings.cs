using System.ComponentModel;
using Spectre.Console.Cli;
using TraceLab.Cli.CommandLine;

namespace TraceLab.Cli.Commands;

/// <summary>Options of the commands that list what the event store holds (<c>sessions</c>, <c>shapes</c>): the store,
/// and a table or JSON.</summary>
internal class ListingSettings : EventStoreSettings, IFormatSettings
{
    [CommandOption("-f|--format <FORMAT>")]
    [Description("table (default) or json.")]
    [DefaultValue(OutputFormat.Table)]
    public string Format { get; init => field = value.ToLowerInvariant(); } = OutputFormat.Table;

    /// <inheritdoc/>
    public IReadOnlyList<string> Formats => [OutputFormat.Table, OutputFormat.Json];
}
