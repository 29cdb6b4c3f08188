using System.ComponentModel;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.Reports;
using TraceLab.Cli.Suites;
using TraceLab.Scenarios.FromSessions;
using TraceLab.Scenarios.Parsing;
using TraceLab.Scenarios.Running;
using TraceLab.Scenarios.Writing;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab scenario from-session</c>: turns recorded sessions into a scenario file that <c>suite run</c>
/// runs as it stands: their roles, their top-level statements as steps, and today's outcome under each policy as the
/// expectations.</summary>
internal sealed class ScenarioFromSessionCommand : AsyncCommand<ScenarioFromSessionCommand.Settings>
{
    public sealed class Settings : SessionFilterSettings
    {
        [CommandArgument(0, "[SESSION]")]
        [Description("Session ids (or unique prefixes, or pids) to turn into the scenario.")]
        public string[] Sessions { get; init; } = [];

        [CommandOption("--all")]
        [Description("Use every recorded session (that the filters keep).")]
        public bool All { get; init; }

        [CommandOption("-p|--policy <NAME>")]
        [Description("A policy whose outcome the scenario expects: a built-in name or a policy file; repeat for several (default: every built-in).")]
        public string[] Policies { get; init; } = [];

        [CommandOption("-o|--out <FILE>")]
        [Description("The scenario file to write, scenarios/attacks/NAME.sql or scenarios/benign/NAME.sql (replaced only once it is complete).")]
        public string? Out { get; init; }

        [CommandOption("--trace <FILE>")]
        [Description("Read the sessions from a trace file (written by \"tracelab export\") instead of the event store.")]
        public string? Trace { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrEmpty(Out))
            {
                return ValidationResult.Error("-o FILE is required: the scenario file to write");
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
        // Everything that can be wrong with the command line is checked before the event store is touched.
        var output = settings.Out!;
        CheckScenarioPath(output);
        var policies = SuiteRun.ResolvePolicies(settings.Policies);
        var filter = settings.Filter();

        await using var source = await RecordedSource.OpenAsync(settings.Trace, settings.Connection, cancellation);
        var recorded = await source.Sessions.ListSessionsAsync(cancellation);
        var selected = SessionSelector.Select(recorded, settings.Sessions, settings.All, filter, "turn into a scenario");
        var draft = await SessionScenarioGenerator.GenerateAsync(
            source.Sessions, selected, policies, ParallelLeaders.ResolverFor(recorded), cancellation);
        var text = ScenarioWriter.Write(draft);
        // The file must be one suite run reads back: a writer bug shows here, before anything is written.
        var scenario = ScenarioParser.Parse(output, text);

        using (var target = new CompletedFile(output))
        {
            await using (var stream = target.Open())
            {
                await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellation);
            }

            target.Commit();
        }

        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote scenario {output}: {selected.Count} sessions, {scenario.Roles.Count} roles, "
            + $"{scenario.Sections.Count(s => s is TraceLab.Scenarios.Format.StepSection)} steps, expectations under {policies.Count} policies"));
        AnsiConsole.WriteLine("Edit its title, pattern and description, fill in the reality check, then run: tracelab suite run " + output);
        return ExitCodes.Success;
    }

    /// <summary>Refuses an output path <c>suite run</c> could not read as a scenario (its directory gives the kind, its
    /// name the id), by the parser's own rules: it parses a minimal scenario at that path.</summary>
    private static void CheckScenarioPath(string path)
    {
        const string Minimal = "/*---\ntitle: t\npattern: p\nroles:\n  r: {}\nexpect: {}\n---*/\n-- @step r\nSELECT 1;\n";
        try
        {
            ScenarioParser.Parse(path, Minimal);
        }
        catch (ScenarioFormatException e)
        {
            throw CliException.Usage($"invalid value for --out: {e.Message}", e.Detail, e.Hint);
        }
    }
}
