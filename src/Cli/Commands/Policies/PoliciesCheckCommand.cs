using System.ComponentModel;
using Spectre.Console.Cli;
using TraceLab.Policies.Language;

namespace TraceLab.Cli.Commands.Policies;

/// <summary><c>tracelab policies check FILE…</c>: validate policy files, reporting every problem with its line and column.</summary>
/// <remarks>Exit code 0 when every file is valid, 1 when any is not (each invalid file is reported, not only the first).</remarks>
internal sealed class PoliciesCheckCommand : Command<PoliciesCheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Policy files to check.")]
        public string[] Files { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var invalid = 0;
        foreach (var file in settings.Files)
        {
            try
            {
                var definition = PolicyFile.ParseFile(file);
                foreach (var warning in definition.Warnings)
                {
                    PolicyWarningPrinter.Print(warning);
                }

                var policy = PolicyFile.Compile(definition);
                Console.Out.WriteLine($"policy file \"{file}\" is valid: policy \"{policy.Name}\"");
            }
            catch (PolicyFileException e)
            {
                invalid++;
                ErrorReporter.Report(e);
            }
        }

        return invalid == 0 ? 0 : ErrorReporter.Failure;
    }
}
