using Spectre.Console;
using TraceLab.Cli.Cluster;
using TraceLab.Cli.Commands;
using TraceLab.Cli.Commands.Policies;
using TraceLab.Distributed.Policies;
using TraceLab.Errors;
using TraceLab.Policies;
using TraceLab.Policies.Catalog;
using TraceLab.Scenarios;
using TraceLab.Scenarios.Results;
using TraceLab.Scenarios.Running;

namespace TraceLab.Cli.Suites;

/// <summary>Runs <c>suite run</c>: loads the scenarios and policies (every problem with them is reported before anything
/// runs), runs them on the embedded cluster, writes the report and turns the results into the exit code.</summary>
internal sealed class SuiteRun(IAnsiConsole console, TimeProvider time)
{
    public async Task<int> RunAsync(SuiteRunCommand.Settings settings, CancellationToken ct)
    {
        var scenarios = ScenarioCatalog.Load(settings.Paths.Length > 0 ? settings.Paths : [DefaultCatalogue()]);
        if (scenarios.Count == 0)
        {
            throw CliException.Create("no scenarios to run",
                $"No *.sql file was found under {string.Join(", ", settings.Paths.Select(p => $"\"{p}\""))}.",
                "Give scenario files or directories that hold them.");
        }

        var resolved = ResolvePoliciesWithDefinitions(settings.Policies);
        // The scenarios run on the embedded cluster; their recordings go to the event store replay reads by default.
        var connection = await EmbeddedCluster.ForCheckout().RequireRunningAsync(ct);
        var eventStore = await EventStoreLocator.ConnectionStringAsync(settings.Connection, ct);
        await EventStoreConnection.CheckAsync(eventStore, ct);
        if (settings.Enforce)
        {
            await EnforcedPolicyFiles.RequireEnforcingProbeAsync(connection.SocketConnectionString("postgres", recorded: false), ct);
        }

        using var policyFiles = settings.Enforce
            ? await EnforcedPolicyFiles.InstallAsync(connection.DataDirectory, resolved, ClusterUser.ForThisProcess(), ct)
            : null;
        var server = new SuiteServer(connection.SocketConnectionString("postgres"), PsqlPath(), connection.SpoolDirectory, eventStore);
        var runner = new SuiteRunner(server, time);
        var report = await new SuiteProgressDisplay(settings.Quiet).RunAsync(progress =>
            runner.RunAsync(scenarios, new SuiteOptions([.. resolved.Select(p => p.Policy)])
            {
                Jobs = settings.Jobs,
                Keep = settings.Keep,
                Progress = progress,
                LeaderResolver = ParallelLeaders.ResolverFor,
                Enforcement = policyFiles is null ? null : new SuiteEnforcement(policyFiles.Paths),
            }, ct));

        await SuiteReporting.WriteAsync(report, settings.Format, settings.Out, console, ct);
        return ExitCode(report);
    }

    /// <summary>1 when a scenario, or a run under an enforced policy, could not run (each is also reported on standard
    /// error), else 4 on any mismatch, else 7 when the agreement matrix has a cell that disagrees, else 0.</summary>
    internal static int ExitCode(SuiteReport report)
    {
        var enforcedCouldNotRun = 0;
        foreach (var scenario in report.Scenarios)
        {
            foreach (var cell in scenario.Agreement)
            {
                if (cell.Error is not { } error)
                {
                    continue;
                }

                enforcedCouldNotRun++;
                ErrorPrinter.Write(Console.Error, ErrorSeverity.Error,
                    $"scenario \"{scenario.Scenario.Id}\" could not run under policy \"{cell.Policy}\" enforced: {error.Message}",
                    error.Where is null ? error.Detail : $"At {error.Where} of \"{scenario.Scenario.Path}\".{(error.Detail is null ? "" : " " + error.Detail)}",
                    error.Hint);
            }
        }

        foreach (var result in report.Scenarios.Where(s => s.Error is not null))
        {
            var error = result.Error!;
            ErrorPrinter.Write(Console.Error, ErrorSeverity.Error,
                $"scenario \"{result.Scenario.Id}\" could not run: {error.Message}",
                error.Where is null ? error.Detail : $"At {error.Where} of \"{result.Scenario.Path}\".{(error.Detail is null ? "" : " " + error.Detail)}",
                error.Hint);
        }

        if (report.Count(ScenarioStatus.CouldNotRun) > 0 || enforcedCouldNotRun > 0)
        {
            return ExitCodes.Failure;
        }

        var mismatches = report.Count(ScenarioStatus.Mismatch);
        if (mismatches > 0)
        {
            ErrorPrinter.Write(Console.Error, ErrorSeverity.Error,
                $"{mismatches} of {report.Scenarios.Count} scenarios do not match their expectations",
                string.Join(", ", report.Scenarios.Where(s => s.Status == ScenarioStatus.Mismatch).Select(s => s.Scenario.Id)) + ".",
                "The report lists what each policy was expected to do and what it did.");
            return ExitCodes.SuiteMismatch;
        }

        var disagreeing = report.Scenarios
            .SelectMany(s => s.Agreement.Where(c => c.Status == AgreementStatus.Disagree).Select(c => $"{s.Scenario.Id} under {c.Policy}"))
            .ToList();
        if (disagreeing.Count > 0)
        {
            var all = report.Agreement.Overall;
            ErrorPrinter.Write(Console.Error, ErrorSeverity.Error,
                $"{disagreeing.Count} of {all.Cells.Values.Sum()} cells of the agreement matrix disagree",
                string.Join(", ", disagreeing) + ".",
                "The report lists each operation whose outcome under enforcement differs from the replay's prediction.");
            return ExitCodes.SuiteDisagreement;
        }

        return ExitCodes.Success;
    }

    internal static string DefaultCatalogue() => Path.Combine(CheckoutRoot.Find(), "scenarios");

    internal static string PsqlPath()
    {
        var psql = Path.Combine(PostgresInstallation.Locate(needBuildTools: false).BinDirectory, "psql");
        return File.Exists(psql) ? psql : throw CliException.MissingPackage("psql for PostgreSQL 15", psql, "postgresql-client-15");
    }

    /// <summary>The policies named by <c>--policy</c>, every built-in when none is; <c>scenario from-session</c> resolves them the
    /// same way, so a generated scenario expects what <c>suite run</c> replays.</summary>
    internal static List<IPolicy> ResolvePolicies(string[] arguments) =>
        arguments.Length == 0 ? [.. BuiltInPolicies.All] : PolicyArguments.Resolve(arguments);

    /// <summary><see cref="ResolvePolicies"/> with each policy's definition, which <c>--enforce</c> compiles.</summary>
    internal static List<ResolvedPolicy> ResolvePoliciesWithDefinitions(string[] arguments) =>
        arguments.Length == 0
            ? [.. PolicyCatalog.BuiltIns.Select(b => new ResolvedPolicy(b.Definition, b.Policy))]
            : PolicyArguments.ResolveWithDefinitions(arguments);
}
