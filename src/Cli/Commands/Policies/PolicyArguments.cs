using TraceLab.Distributed.Policies;
using TraceLab.Policies;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;

namespace TraceLab.Cli.Commands.Policies;

/// <summary>The policies a command's <c>--policy NAME|FILE</c> options name, as every command that replays reads them.</summary>
internal static class PolicyArguments
{
    /// <summary>Each argument resolved as a built-in name or a policy file (warnings printed); the same policy named twice
    /// is a usage error, since reports tell policies apart by name.</summary>
    public static List<IPolicy> Resolve(IReadOnlyList<string> arguments) => [.. ResolveWithDefinitions(arguments).Select(p => p.Policy)];

    /// <summary>As <see cref="Resolve"/>, keeping each policy's definition (a distributed replay hashes them).</summary>
    public static List<ResolvedPolicy> ResolveWithDefinitions(IReadOnlyList<string> arguments)
    {
        var policies = arguments.Select(ResolveOne).ToList();
        var duplicate = policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw CliException.Usage(
                $"policy \"{duplicate.Key}\" is given more than once",
                "Every --policy must name a different policy; reports tell them apart by name.",
                "Remove the repeated --policy, or rename the policy in its file.");
        }

        return policies;
    }

    /// <summary>One <c>NAME|FILE</c> argument (<c>--policy</c>, <c>--base</c>, <c>policies compile</c>'s): what
    /// <see cref="PolicyCatalog.Resolve(string, Action{PolicyWarning})"/> resolves, with the definition; a file's warnings
    /// are printed, and a file that resolves is one the replayer accepts.</summary>
    public static ResolvedPolicy ResolveOne(string nameOrPath)
    {
        if (!PolicyCatalog.IsPath(nameOrPath))
        {
            var builtIn = PolicyCatalog.Find(nameOrPath)
                          ?? throw PolicyNotFoundException.Unrecognized(nameOrPath, PolicyCatalog.Names);
            return new ResolvedPolicy(builtIn.Definition, builtIn.Policy);
        }

        var definition = PolicyFile.ParseFile(nameOrPath);
        foreach (var warning in definition.Warnings)
        {
            PolicyWarningPrinter.Print(warning);
        }

        return new ResolvedPolicy(definition, PolicyFile.Compile(definition));
    }
}
