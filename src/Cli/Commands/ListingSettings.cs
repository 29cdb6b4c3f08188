using System.ComponentModel;
using Spectre.Console.Cli;
using TraceLab.Cli.CommandLine;

namespace TraceLab.Cli.Commands;

/// <summary>Options of the commands that list what the event store holds: the store, and a table or JSON. <c>shapes</c>
/// uses it as it is; <c>sessions</c> spells its format option the same way on top of the session filters.</summary>
internal class ListingSettings : EventStoreSettings, IFormatSettings
{
    [CommandOption("-f|--format <FORMAT>")]
    [Description("table (default) or json.")]
    [DefaultValue(OutputFormat.Table)]
    public string Format { get; init => field = value.ToLowerInvariant(); } = OutputFormat.Table;

    /// <inheritdoc/>
    public IReadOnlyList<string> Formats => ListingFormats;

    /// <summary>The formats of every listing: <c>shapes</c>, and <c>sessions</c>, whose settings derive from
    /// <see cref="SessionFilterSettings"/> instead.</summary>
    public static IReadOnlyList<string> ListingFormats { get; } = [OutputFormat.Table, OutputFormat.Json];
}
