using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.CommandLine;
using TraceLab.Cli.Reports;
using TraceLab.Cli.Suites;
using TraceLab.Reports;

namespace TraceLab.Cli.Commands;

/// <summary><c>tracelab suite run</c>: runs scenario files on the embedded cluster, each in a fresh database with its own
/// role names, and compares what every policy does with what the scenario expects.</summary>
internal sealed class SuiteRunCommand : AsyncCommand<SuiteRunCommand.Settings>
{
    public sealed class Settings : EventStoreSettings, IFormatSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("Scenario files, or directories searched for *.sql (default: the checkout's scenarios/).")]
        public string[] Paths { get; init; } = [];

        [CommandOption("-p|--policy <NAME>")]
        [Description("A policy to replay under: a built-in name or a policy file; repeat for several (default: every built-in).")]
        public string[] Policies { get; init; } = [];

        [CommandOption("-f|--format <FORMAT>")]
        [Description("table (default), json, markdown, html or junit.")]
        [DefaultValue(ReportFormats.Table)]
        public string Format { get; init => field = value.ToLowerInvariant(); } = ReportFormats.Table;

        /// <inheritdoc/>
        public IReadOnlyList<string> Formats => SuiteReporting.Formats;

        [CommandOption("-o|--out <FILE>")]
        [Description("Write the report to FILE (replaced only once the report is complete) instead of standard output.")]
        public string? Out { get; init; }

        [CommandOption("-j|--jobs <N>")]
        [Description("Scenarios run at the same time (default 2).")]
        [DefaultValue(2)]
        public int Jobs { get; init; } = 2;

        [CommandOption("--keep")]
        [Description("Leave every scenario's database, roles and recorded sessions in place, and print their names.")]
        public bool Keep { get; init; }

        [CommandOption("--enforce")]
        [Description("Also run every scenario once per policy with the probe enforcing it in block mode, and check the replay's predictions against what happened (the agreement matrix).")]
        public bool Enforce { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Draw no progress bar (it is drawn on standard error only when that is a terminal).")]
        public bool Quiet { get; init; }

        public override ValidationResult Validate()
        {
            if (Jobs is < 1 or > 64)
            {
                return ValidationResult.Error("--jobs must be a whole number from 1 to 64");
            }

            CompletedFile.CheckName(Out, "--out");
            return ValidationResult.Success();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation) =>
        new SuiteRun(AnsiConsole.Console, TimeProvider.System).RunAsync(settings, cancellation);
}
