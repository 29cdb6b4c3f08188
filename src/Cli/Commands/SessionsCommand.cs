using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.CommandLine;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab sessions</c>: list recorded sessions, with their state (<c>running</c>, <c>ended</c>,
/// <c>ended_abnormally</c>, <c>quarantined</c>: see <see cref="TraceLab.Store.SessionStates"/>) and the frames the probe dropped in them.</summary>
internal sealed class SessionsCommand : AsyncCommand<SessionsCommand.Settings>
{
    public sealed class Settings : ListingSettings
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

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var filter = settings.Filter();
        await using var store = await EventStoreReader.OpenAsync(settings.Connection, cancellation);
        var sessions = (await store.Sessions.ListSessionsAsync(cancellation)).Where(filter.Matches).ToList();
        if (settings.Format == OutputFormat.Json)
        {
            var rows = sessions.Select(s => new Dictionary<string, object?>
            {
                ["session"] = s.SessionId,
                ["pid"] = s.Pid,
                ["backend_start"] = s.BackendStart.ToString("O", CultureInfo.InvariantCulture),
                ["database"] = s.Database,
                ["session_user"] = s.SessionUser,
                ["application_name"] = s.ApplicationName,
                ["backend_type"] = s.BackendType,
                ["events"] = s.EventCount,
                ["dropped_frames"] = s.DroppedFrames,
                ["state"] = SessionStates.Name(s.State),
                // A string: system identifiers exceed the integers JSON readers keep exactly.
                ["server"] = s.SystemIdentifier == 0 ? null : s.SystemIdentifier.ToString(CultureInfo.InvariantCulture),
                ["statements"] = s.Statements,
                ["last_frame_at"] = s.LastFrameAt?.ToString("O", CultureInfo.InvariantCulture),
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(new { sessions = rows }, JsonOutput.Options));
            return 0;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("session", "started (UTC)", "database", "user", "application", "events", "dropped", "state", "server");
        foreach (var s in sessions)
        {
            table.AddRow(
                Markup.Escape(s.SessionId),
                s.BackendStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(s.Database),
                Markup.Escape(s.SessionUser),
                Markup.Escape(s.ApplicationName),
                s.EventCount.ToString(CultureInfo.InvariantCulture),
                s.DroppedFrames.ToString(CultureInfo.InvariantCulture),
                SessionStates.Name(s.State),
                s.SystemIdentifier == 0 ? "" : s.SystemIdentifier.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sessions.Count} recorded sessions"));
        return 0;
    }
}
