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
    /// <remarks>The filters are <see cref="SessionFilterSettings"/>, shared with <c>replay</c> and <c>diff</c>; the
    /// format option is spelled as <see cref="ListingSettings"/> spells it for <c>shapes</c>.</remarks>
    public sealed class Settings : SessionFilterSettings, IFormatSettings
    {
        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default) or json.")]
        [DefaultValue(OutputFormat.Table)]
        public string Format { get; init => field = value.ToLowerInvariant(); } = OutputFormat.Table;

        /// <inheritdoc/>
        public IReadOnlyList<string> Formats => ListingSettings.ListingFormats;
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

        // Ids, times and servers are never wrapped, so that they can be copied whole (into replay); names wrap instead.
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("session").NoWrap())
            .AddColumn(new TableColumn("started (UTC)").NoWrap())
            .AddColumns("database", "user", "application", "events", "dropped", "state")
            .AddColumn(new TableColumn("server").NoWrap());
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
