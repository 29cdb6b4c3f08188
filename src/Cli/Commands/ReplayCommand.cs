using Spectre.Console.Cli;
using TraceLab.Cli.Reports;
using TraceLab.Replayer.Output;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab replay</c>: every operation of recorded sessions with its chain and each policy's outcome.</summary>
/// <remarks>Reads events back from the event store; no SQL is ever executed again.</remarks>
internal sealed class ReplayCommand : AsyncCommand<ReplayCommand.Settings>
{
    public sealed class Settings : ReportSettings
    {
        protected override int MinimumPolicies => 1;
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation) =>
        new ReportRunner(TimeProvider.System).RunAsync(settings, ReportKind.Replay, cancellation);
}
