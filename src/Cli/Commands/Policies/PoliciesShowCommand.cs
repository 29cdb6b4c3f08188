using System.ComponentModel;
using Spectre.Console.Cli;
using TraceLab.Policies;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;

namespace TraceLab.Cli.Commands.Policies;

/// <summary><c>tracelab policies show NAME</c>: the policy file behind a built-in name (or a file, checked).</summary>
internal sealed class PoliciesShowCommand : Command<PoliciesShowCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("A built-in policy name, or the path of a policy file.")]
        public string Name { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (PolicyCatalog.IsPath(settings.Name))
        {
            // Parsing validates: a file that shows is a file that works. The text shown is the text checked, read once
            // within the size limit (a second read could find another file, or a device without end).
            var definition = PolicyFile.ParseFile(settings.Name);
            PolicyFile.Compile(definition);
            Console.Out.Write(definition.Source);
            return 0;
        }

        var policy = PolicyCatalog.Find(settings.Name)
            ?? throw PolicyNotFoundException.Unrecognized(settings.Name, PolicyCatalog.Names);
        Console.Out.Write(policy.Source);
        return 0;
    }
}
