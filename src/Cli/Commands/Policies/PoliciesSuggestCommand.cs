using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.Cluster;
using TraceLab.Cli.Reports;
using TraceLab.Errors;
using TraceLab.Policies;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Policies.Suggesting;
using TraceLab.Replayer;
using TraceLab.Scenarios.Running;

namespace TraceLab.Cli.Commands.Policies;

/// <summary><c>tracelab policies suggest [SESSION…|--all] --base NAME|FILE [-o FILE]</c>: from recorded traffic declared
/// good, the base policy with the fewest trust additions under which it blocks and warns about none of it.</summary>
/// <remarks>
/// Sessions are selected and read as <c>replay</c> selects and reads them (the event store, or <c>--trace</c>). The policy
/// goes to <c>-o FILE</c> (renamed into place once complete) or to standard output; what else it prints — the attack
/// scenarios the suggested policy now lets through, the operations no addition can let through — goes to standard
/// output with <c>-o</c> and to standard error without, so that the policy alone can be piped. Exit code 4 when some
/// recorded operations stay flagged (the policy is still written).
/// </remarks>
internal sealed class PoliciesSuggestCommand : AsyncCommand<PoliciesSuggestCommand.Settings>
{
    public sealed class Settings : SessionFilterSettings
    {
        [CommandArgument(0, "[SESSION]")]
        [Description("Session ids (or unique prefixes, or pids) whose traffic is declared good.")]
        public string[] Sessions { get; init; } = [];

        [CommandOption("--all")]
        [Description("Use every recorded session (that the filters keep).")]
        public bool All { get; init; }

        [CommandOption("--base <NAME>")]
        [Description("The policy to grow: a built-in name (see \"tracelab policies list\") or a policy file.")]
        public string? Base { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("Write the suggested policy to FILE (replaced only once complete) instead of standard output.")]
        public string? Out { get; init; }

        [CommandOption("--trace <FILE>")]
        [Description("Read the sessions from a trace file (written by \"tracelab export\") instead of the event store; no database is used.")]
        public string? Trace { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Base))
            {
                return ValidationResult.Error("--base NAME|FILE is required: the policy to grow");
            }

            if (Trace is not null && Connection is not null)
            {
                return ValidationResult.Error("--trace and --connection cannot be used together");
            }

            CompletedFile.CheckName(Out, "--out");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // Everything the command line can get wrong is checked before the event store is touched.
        var resolvedBase = PolicyArguments.ResolveOne(settings.Base ?? "");
        var basePolicy = resolvedBase.Definition;
        var filter = settings.Filter();

        await using var source = await RecordedSource.OpenAsync(settings.Trace, settings.Connection, cancellation);
        var reader = source.Sessions;
        var recorded = await reader.ListSessionsAsync(cancellation);
        var selected = SessionSelector.Select(recorded, settings.Sessions, settings.All, filter, "suggest a policy from");
        var sessions = selected
            .Select(s => new RecordedSession(s.SessionId, reader.ReadEventsAsync(s.SessionId, cancellation)) { EventCount = s.EventCount })
            .ToList();
        var compiledBase = resolvedBase.Policy;
        var flagged = new FlaggedOperationsWriter();
        var engine = new ReplayEngine([compiledBase], ParallelLeaders.ResolverFor(recorded));
        await engine.RunAsync(sessions, [flagged], ReplayOptions.Default with { MaxShapes = 0 }, cancellation);

        var distinct = flagged.Flagged.Distinct();
        var suggestion = TrustSuggester.Suggest(basePolicy, distinct);
        var definition = SuggestedPolicyFile.Definition(suggestion, basePolicy, Traffic(selected.Select(s => s.SessionId).ToList()));
        var text = SuggestedPolicyFile.Write(suggestion, definition);

        // The file must be one the tool reads back as a policy that lets the traffic through: a writer bug is an internal
        // error, never a file.
        var suggested = PolicyFile.Compile(PolicyFile.Parse(text, definition.Name));
        var stuck = suggestion.Unallowed.Sum(u => u.Operation.Count);
        if (distinct.Sum(o => suggested.Evaluate(o.Operation).Decision == Decision.Allowed ? 0 : o.Count) != stuck)
        {
            throw new InvalidOperationException("The written policy file does not decide as the suggested policy does.");
        }

        var messages = settings.Out is null ? Console.Error : Console.Out;
        await WriteAsync(settings.Out, text, cancellation);
        messages.WriteLine(Summary(settings.Out, definition.Name, suggestion, flagged, distinct.Count));

        await ListAttackScenariosAsync(messages, compiledBase, suggested, cancellation);
        foreach (var unallowed in suggestion.Unallowed)
        {
            UnallowedReport.Print(unallowed, basePolicy.Name);
        }

        return suggestion.Unallowed.Count == 0 ? ExitCodes.Success : ExitCodes.SuggestionIncomplete;
    }

    /// <summary><c>2 recorded sessions (4242-…, 4243-…)</c>, naming at most three.</summary>
    private static string Traffic(List<string> sessionIds)
    {
        var named = string.Join(", ", sessionIds.Take(3)) + (sessionIds.Count > 3 ? ", …" : "");
        return sessionIds.Count == 1
            ? $"1 recorded session ({named})"
            : string.Create(CultureInfo.InvariantCulture, $"{sessionIds.Count} recorded sessions ({named})");
    }

    private static async Task WriteAsync(string? path, string text, CancellationToken cancellation)
    {
        if (path is null)
        {
            await Console.Out.WriteAsync(text);
            return;
        }

        using var target = new CompletedFile(path);
        var stream = target.Open();
        await using (var writer = new StreamWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(text.AsMemory(), cancellation);
        }

        target.Commit();
    }

    private static string Summary(string? path, string name, Suggestion suggestion, FlaggedOperationsWriter flagged, int distinct)
    {
        var where = path is null ? "" : $" written to \"{path}\"";
        var additions = suggestion.Additions.Count == 1 ? "1 trust addition" : $"{suggestion.Additions.Count} trust additions";
        return string.Create(CultureInfo.InvariantCulture,
            $"suggested policy \"{name}\"{where}: {additions}; the base policy flagged "
            + $"{flagged.Flagged.Total} of {flagged.Operations} recorded operations ({distinct} distinct), "
            + $"the suggested one flags {suggestion.Unallowed.Sum(u => u.Operation.Count)}");
    }

    /// <summary>Prints, per catalogue attack scenario, whether the suggested policy still blocks it.</summary>
    private static async Task ListAttackScenariosAsync(
        TextWriter messages, IPolicy basePolicy, IPolicy suggested, CancellationToken cancellation)
    {
        string directory;
        try
        {
            directory = Path.Combine([CheckoutRoot.Find(), .. AttackScenarioCost.TraceDirectory]);
        }
        catch (CliException e)
        {
            ErrorPrinter.Write(Console.Error, ErrorSeverity.Warning, e.Message, e.Detail, e.Hint);
            return;
        }

        var relative = string.Join('/', AttackScenarioCost.TraceDirectory);
        if (!Directory.Exists(directory))
        {
            ErrorPrinter.Write(Console.Error, ErrorSeverity.Warning, "could not list the attack scenarios the suggested policy lets through",
                $"Directory \"{directory}\" does not exist.", $"The recorded attack scenarios are in {relative} of the checkout.");
            return;
        }

        var costs = await AttackScenarioCost.ReplayAsync(directory, basePolicy, suggested, cancellation);
        messages.WriteLine();
        messages.WriteLine($"attack scenarios ({relative}) under \"{basePolicy.Name}\" and \"{suggested.Name}\":");
        foreach (var change in ScenarioCost.Changes)
        {
            foreach (var cost in costs.Where(c => c.Change == change))
            {
                messages.WriteLine($"  {change,-38} {cost.Scenario}");
            }
        }

        var counts = ScenarioCost.Changes
            .Select(change => (change, count: costs.Count(c => c.Change == change)))
            .Where(c => c.count > 0)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.count} {c.change}"));
        messages.WriteLine($"{costs.Count} attack scenarios: {string.Join(", ", counts)}");
        messages.WriteLine(
            "note: the scenario traces name their own runs' roles (tls_<hex>_mallory), not yours: an addition naming your roles "
            + "changes their outcome only when it is general (\"*\" or infrastructure); the list is what their replay gives.");
    }
}
