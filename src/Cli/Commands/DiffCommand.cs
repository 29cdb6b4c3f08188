using Spectre.Console.Cli;
using TraceLab.Cli.Reports;
using TraceLab.Replayer.Output;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab diff</c>: only the operations whose outcome differs between the policies, each with its chain
/// and every policy's message.</summary>
internal sealed class DiffCommand : AsyncCommand<DiffCommand.Settings>
{
    public sealed class Settings : ReportSettings
    {
        protected override int MinimumPolicies => 2;
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation) =>
        new ReportRunner(TimeProvider.System).RunAsync(settings, ReportKind.Diff, cancellation);
}
