using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Policies.Catalog;
using TraceLab.Replayer;
using TraceLab.Replayer.Rendering;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab replay</c>: every operation of recorded sessions with its chain and each policy's verdict.</summary>
/// <remarks>Reads events back from the event store; no SQL is ever executed again.</remarks>
internal sealed class ReplayCommand : AsyncCommand<ReplayCommand.Settings>
{
    public sealed class Settings : EventStoreSettings
    {
        [CommandArgument(0, "[SESSION]")]
        [Description("Session ids (or unique prefixes) to replay.")]
        public string[] Sessions { get; init; } = [];

        [CommandOption("--all")]
        [Description("Replay every recorded session.")]
        public bool All { get; init; }

        [CommandOption("--policy <NAME>")]
        [Description("A policy to evaluate: a built-in name (see \"tracelab policies list\") or a policy file; repeat for several.")]
        public string[] Policies { get; init; } = [];

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) or json.")]
        [DefaultValue(OutputFormat.Table)]
        public OutputFormat Format { get; init; }

        public override ValidationResult Validate() =>
            Policies.Length == 0 ? ValidationResult.Error("at least one --policy is required")
            : Format == OutputFormat.Env ? ValidationResult.Error("--format must be table or json")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var policies = settings.Policies.Select(PolicyCatalog.Resolve).ToList();
        var connection = await EventStoreLocator.ConnectionStringAsync(settings.Connection, cancellation);
        await using var store = TraceLabStore.Create(connection);
        var reader = new RecordedSessionReader(store);
        var recorded = await reader.ListSessionsAsync(cancellation);
        var selected = SessionSelector.Select(recorded, settings.Sessions, settings.All);
        var report = await new ReplayEngine(policies, ParallelLeaders.ResolverFor(recorded)).ReplayAsync(
            selected.Select(s => new RecordedSession(s.SessionId, reader.ReadEventsAsync(s.SessionId, cancellation))), cancellation);

        if (settings.Format == OutputFormat.Json)
        {
            await using var stdout = Console.OpenStandardOutput();
            await ReplayJsonWriter.WriteAsync(report, stdout, cancellation);
        }
        else
        {
            new ReplayTableRenderer(AnsiConsole.Console).Render(report);
        }

        return 0;
    }
}
