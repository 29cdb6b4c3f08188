using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Distributed.Hosting;
using TraceLab.Distributed.Jobs;
using TraceLab.Distributed.Policies;
using TraceLab.Distributed.Storage;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;
using TraceLab.Scenarios.Running;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab worker</c>: replays the jobs of <c>replay --distributed</c> and <c>diff --distributed</c>
/// until interrupted.</summary>
/// <remarks>Any number of workers, on any machine that reaches the event store, share one durable queue in the store's
/// database (<see cref="JobQueueSetup"/>); a signal stops a worker cleanly, leaving unfinished jobs to the others.</remarks>
internal sealed class WorkerCommand : AsyncCommand<WorkerCommand.Settings>
{
    public sealed class Settings : EventStoreSettings
    {
        [CommandOption("--concurrency <N>")]
        [Description("Jobs replayed at the same time (default: 1); each takes about one core.")]
        [DefaultValue(1)]
        public int Concurrency { get; init; } = 1;

        [CommandOption("-p|--policy <FILE>")]
        [Description("A policy file the coordinators may name (by the name inside it); repeat for several. Built-in "
            + "policies are always available. A job whose policies differ from the worker's is refused.")]
        public string[] Policies { get; init; } = [];

        [CommandOption("--name <NAME>")]
        [Description("The worker's name in refusals and results (default: HOST:PID).")]
        public string? Name { get; init; }

        /// <summary>For tests only: a pause before each session, which keeps a job in flight long enough to kill its
        /// worker. Not in the help.</summary>
        [CommandOption("--test-delay-per-session <MILLISECONDS>", IsHidden = true)]
        public int TestDelayPerSession { get; init; }

        public override ValidationResult Validate()
        {
            if (Concurrency < 1)
            {
                return ValidationResult.Error(string.Create(
                    CultureInfo.InvariantCulture, $"invalid value for --concurrency: \"{Concurrency}\" (at least 1)"));
            }

            var builtIn = Policies.FirstOrDefault(p => !PolicyCatalog.IsPath(p));
            return builtIn is null
                ? ValidationResult.Success()
                : ValidationResult.Error($"--policy of a worker takes policy files, not \"{builtIn}\" (built-in policies are always available)");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var files = settings.Policies.Select(ReadPolicyFile).ToList();
        var duplicate = files.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw CliException.Usage(
                $"policy \"{duplicate.Key}\" is given more than once",
                "Every --policy file of a worker must hold a different policy; jobs name policies by name.",
                "Remove one of the files.");
        }

        var connection = await EventStoreLocator.ConnectionStringAsync(settings.Connection, cancellation);
        await using var reader = await EventStoreReader.OpenAsync(settings.Connection, cancellation);
        await using var results = JobStore.Create(connection);
        await JobStore.CreateTablesAsync(results, connection, cancellation);
        var setup = new WorkerSetup(
            settings.Name ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}"),
            reader.Sessions,
            results,
            new WorkerPolicies(files),
            ParallelLeaders.ResolverFor)
        {
            Activity = Console.Out,
            DelayPerSession = TimeSpan.FromMilliseconds(settings.TestDelayPerSession),
        };
        await WorkerNode.RunAsync(connection, setup, settings.Concurrency, cancellation);
        return ExitCodes.Success;
    }

    private static PolicyDefinition ReadPolicyFile(string path)
    {
        var definition = PolicyFile.ParseFile(path);
        foreach (var warning in definition.Warnings)
        {
            Policies.PolicyWarningPrinter.Print(warning);
        }

        return definition;
    }
}
