using Spectre.Console;
using TraceLab.Cli.Cluster;
using TraceLab.Cli.Commands;
using TraceLab.Cli.Reports;
using TraceLab.Cli.Suites;
using TraceLab.Policies;
using TraceLab.Reports.Suites;
using TraceLab.Scenarios;
using TraceLab.Scenarios.Results;
using TraceLab.Scenarios.Running;

namespace TraceLab.Cli.Demo;

/// <summary>The demo's last step: the shipped scenario catalogue under every built-in policy, in short form (what each
/// policy catches and misses), as <c>tracelab suite run</c> would print it in full.</summary>
internal sealed class DemoCatalogue(IAnsiConsole console, TimeProvider time)
{
    /// <summary>Runs the catalogue on the embedded cluster whose recordings go to <paramref name="eventStore"/>.</summary>
    public async Task<SuiteReport> RunAsync(ClusterConnection connection, string eventStore, CancellationToken ct)
    {
        var scenarios = ScenarioCatalog.Load([SuiteRun.DefaultCatalogue()]);
        var attacks = scenarios.Count(s => s.Kind == Scenarios.Format.ScenarioKind.Attack);
        console.MarkupLine(
            $"[bold]6.[/] the scenario catalogue: {attacks} attack and {scenarios.Count - attacks} benign scenarios under every built-in policy");
        var server = new SuiteServer(connection.SocketConnectionString("postgres"), SuiteRun.PsqlPath(), connection.SpoolDirectory, eventStore);
        var report = await new CountProgressDisplay(time, quiet: false).RunAsync("suite", "scenarios", progress =>
            new SuiteRunner(server, time).RunAsync(scenarios, new SuiteOptions(BuiltInPolicies.All)
            {
                Progress = progress,
                LeaderResolver = ParallelLeaders.ResolverFor,
            }, ct));
        new SuiteTableWriter(console).WriteShortForm(report);
        console.MarkupLine("[grey]   The whole matrix, scenario by scenario: ./tracelab suite run[/]");
        return report;
    }
}
