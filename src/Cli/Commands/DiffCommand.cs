using System.ComponentModel;
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
        [CommandOption("--exit-code")]
        [Description("Exit with code 6 when some operation's outcome differs between the policies, as diff(1) and \"git diff --exit-code\" do (0 when none does).")]
        public bool ExitCode { get; init; }

        protected override int MinimumPolicies => 2;

        /// <summary>With <c>--exit-code</c>, <see cref="ExitCodes.DifferencesFound"/> when the diff lists an operation.</summary>
        public override int SuccessCode(ReportFooter footer) =>
            ExitCode && footer.OperationsWritten > 0 ? ExitCodes.DifferencesFound : ExitCodes.Success;
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation) =>
        new ReportRunner(TimeProvider.System).RunAsync(settings, ReportKind.Diff, cancellation);
}
