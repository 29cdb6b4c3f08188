using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Marten;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.CommandLine;
using TraceLab.Statistics;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab shapes</c>: the distinct chain shapes of every recorded session, with their counts per
/// executing role and database, as Marten's async daemon keeps them (<see cref="ChainShapeProjection"/>).</summary>
/// <remarks>Read-only: it neither runs the daemon nor creates schema objects (<see cref="EventStoreReader"/>);
/// <c>tracelab record</c> keeps the statistics.</remarks>
internal sealed class ShapesCommand : AsyncCommand<ShapesCommand.Settings>
{
    public sealed class Settings : ListingSettings
    {
        [CommandOption("--user <ROLE>")]
        [Description("Only operations that ran as this role (the executing role, after any SECURITY DEFINER switch).")]
        public string? User { get; init; }

        [CommandOption("--database <NAME>")]
        [Description("Only operations in sessions connected to this database.")]
        public string? Database { get; init; }

        [CommandOption("--limit <N>")]
        [Description("Show only the N most frequent shapes.")]
        public int? Limit { get; init; }

        public override ValidationResult Validate() =>
            Limit is <= 0 ? ValidationResult.Error("--limit must be a positive whole number")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        await using var store = await EventStoreReader.OpenAsync(
            settings.Connection, cancellation, ChainShapeStatisticsStore.RegisterDocuments);
        await using var session = store.Store.QuerySession();
        if (!await StatisticsProgress.TableExistsAsync(session, ChainShapeStatisticsStore.TableName, cancellation))
        {
            const string none = "no chain-shape statistics yet: \"tracelab record\" creates and keeps them";
            if (settings.Format == OutputFormat.Json)
            {
                Console.Error.WriteLine(none);
                Console.Out.WriteLine(JsonSerializer.Serialize(new { shapes = Array.Empty<object>() }, JsonOutput.Options));
            }
            else
            {
                AnsiConsole.WriteLine(none);
            }

            return 0;
        }

        var progress = await StatisticsProgress.ReadAsync(session, cancellation);
        var shapes = ShapeListing.Select(
            await session.Query<ChainShapeStatistics>().ToListAsync(cancellation), settings.User, settings.Database, settings.Limit);
        if (settings.Format == OutputFormat.Json)
        {
            WriteJson(shapes, progress);
        }
        else
        {
            WriteTable(shapes, progress);
        }

        return 0;
    }

    private static void WriteJson(IReadOnlyList<ShapeListing.Row> shapes, StatisticsProgress progress)
    {
        var rows = shapes.Select(s => new Dictionary<string, object?>
        {
            ["shape"] = s.Shape,
            ["command"] = s.Command,
            ["operations"] = s.Operations,
            ["first_seen"] = Time(s.Counts.Min(c => c.FirstSeenUs)).ToString("O", CultureInfo.InvariantCulture),
            ["last_seen"] = Time(s.Counts.Max(c => c.LastSeenUs)).ToString("O", CultureInfo.InvariantCulture),
            ["counts"] = s.Counts.Select(c => new Dictionary<string, object?>
            {
                ["role"] = c.Role,
                ["database"] = c.Database,
                ["operations"] = c.Operations,
                ["sessions"] = c.Sessions,
                ["first_seen"] = Time(c.FirstSeenUs).ToString("O", CultureInfo.InvariantCulture),
                ["last_seen"] = Time(c.LastSeenUs).ToString("O", CultureInfo.InvariantCulture),
                ["example_session"] = c.ExampleSession,
            }),
        });
        Console.Out.WriteLine(JsonSerializer.Serialize(
            new Dictionary<string, object?> { ["shapes"] = rows, ["events_behind"] = progress.Behind }, JsonOutput.Options));
    }

    private static void WriteTable(IReadOnlyList<ShapeListing.Row> shapes, StatisticsProgress progress)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("shape", "role", "database", "operations", "sessions", "first seen (UTC)", "last seen (UTC)", "example session");
        foreach (var shape in shapes)
        {
            for (var i = 0; i < shape.Counts.Count; i++)
            {
                var c = shape.Counts[i];
                table.AddRow(
                    i == 0 ? Markup.Escape(shape.Shape) : "",
                    Markup.Escape(c.Role),
                    Markup.Escape(c.Database),
                    c.Operations.ToString(CultureInfo.InvariantCulture),
                    c.Sessions.ToString(CultureInfo.InvariantCulture),
                    Time(c.FirstSeenUs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Time(c.LastSeenUs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(c.ExampleSession));
            }
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shapes.Count} chain shapes"));
        if (progress.Behind > 0)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"the statistics are {progress.Behind} events behind the event store; \"tracelab record\" brings them up to date"));
        }
    }

    private static DateTimeOffset Time(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(
        Math.Clamp(microseconds, 0, (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond)
        * TimeSpan.TicksPerMicrosecond);
}
