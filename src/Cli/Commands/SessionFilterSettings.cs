using System.ComponentModel;
using System.Globalization;
using Spectre.Console.Cli;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary>The options that keep only some recorded sessions, shared by <c>sessions</c>, <c>replay</c> and <c>diff</c>:
/// one spelling and one parsing of each.</summary>
internal class SessionFilterSettings : EventStoreSettings
{
    [CommandOption("--user <NAME>")]
    [Description("Only sessions of this session user.")]
    public string? User { get; init; }

    [CommandOption("--database <NAME>")]
    [Description("Only sessions connected to this database.")]
    public string? Database { get; init; }

    [CommandOption("--application <NAME>")]
    [Description("Only sessions with this application_name at start.")]
    public string? Application { get; init; }

    [CommandOption("--server <SYSTEM_IDENTIFIER>")]
    [Description("Only sessions of the server with this system_identifier (the \"server\" column, JSON key \"server\").")]
    public string? Server { get; init; }

    [CommandOption("--since <TIME>")]
    [Description("Only sessions still recording at or after TIME (ISO 8601, e.g. 2026-12-06T09:00:00Z; local time without an offset).")]
    public string? Since { get; init; }

    [CommandOption("--until <TIME>")]
    [Description("Only sessions started at or before TIME.")]
    public string? Until { get; init; }

    /// <summary>The filter the options describe; a usage error names the option that is wrong.</summary>
    public SessionFilter Filter() => new(
        User,
        Database,
        Application,
        Server is null ? null
            : ulong.TryParse(Server, NumberStyles.None, CultureInfo.InvariantCulture, out var server) ? server
            : throw CliException.Usage($"invalid value for --server: \"{Server}\"", null,
                "Give the server's system_identifier, a whole number as \"tracelab sessions\" shows it."),
        Time("--since", Since),
        Time("--until", Until));

    private static DateTimeOffset? Time(string option, string? value) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time) ? time
        : throw CliException.Usage($"invalid value for {option}: \"{value}\"", null,
            "Give a date and time in ISO 8601, for example 2026-12-06T09:00:00Z.");
}
