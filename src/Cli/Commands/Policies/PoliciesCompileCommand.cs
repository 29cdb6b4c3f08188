using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Policies;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Compiled;
using TraceLab.Policies.Language;

namespace TraceLab.Cli.Commands.Policies;

/// <summary><c>tracelab policies compile NAME|FILE -o FILE</c>: the compiled policy form the probe loads
/// (src/Recorder/Probe/POLICY_FORMAT.md).</summary>
/// <remarks>A file is validated exactly as <c>policies check</c> validates it: its warnings are printed and an invalid
/// file is reported the same way, with nothing written. The output is written under a temporary name and renamed into
/// place once complete (<see cref="CompletedFile"/>).</remarks>
internal sealed class PoliciesCompileCommand : Command<PoliciesCompileCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NAME|FILE>")]
        [Description("A built-in policy name, or the path of a policy file.")]
        public string Policy { get; init; } = "";

        [CommandOption("-o|--out <FILE>")]
        [Description("The compiled policy to write (replaced only once it is complete).")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrEmpty(Out) ? ValidationResult.Error("-o FILE is required: the compiled policy to write") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var definition = PolicyArguments.ResolveOne(settings.Policy).Definition;
        var bytes = PolicyFormatWriter.Write(definition);
        using var target = new CompletedFile(settings.Out!);
        using (var output = target.Open())
        {
            output.Write(bytes);
        }

        target.Commit();
        Console.Out.WriteLine($"policy \"{definition.Name}\" compiled to \"{settings.Out}\" ({bytes.Length} bytes, format {PolicyFormat.Version})");
        return ExitCodes.Success;
    }
}
