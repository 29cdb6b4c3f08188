using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab sessions</c>: list recorded sessions, with their state (<c>running</c>, <c>ended</c>,
/// <c>ended_abnormally</c>) and the frames the probe dropped in them.</summary>
internal sealed class SessionsCommand : AsyncCommand<SessionsCommand.Settings>
{
    public sealed class Settings : EventStoreSettings
    {
        [CommandOption("--format <FORMAT>")]
        [Description("table (default) or json.")]
        [DefaultValue(OutputFormat.Table)]
        public OutputFormat Format { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        await using var store = await EventStoreReader.OpenAsync(settings.Connection, cancellation);
        var sessions = await store.Sessions.ListSessionsAsync(cancellation);
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
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(new { sessions = rows }, JsonOutput.Options));
            return 0;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("session", "started (UTC)", "database", "user", "application", "events", "dropped", "state");
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
                SessionStates.Name(s.State));
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sessions.Count} recorded sessions"));
        return 0;
    }
}
