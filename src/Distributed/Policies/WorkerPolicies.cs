using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;

namespace TraceLab.Distributed.Policies;

/// <summary>The policies a worker can replay under: the policy files it was started with, then the built-in
/// catalog, found by name.</summary>
/// <remarks>A job names its policies and carries their content hash; the worker looks the names up here and hashes
/// its own definitions (<see cref="PolicyContentHash"/>). A file wins over a built-in of the same name, as a user
/// who gives the coordinator <c>--policy permissive.yaml</c> means that file.</remarks>
public sealed class WorkerPolicies
{
    private readonly Dictionary<string, ResolvedPolicy> files;

    /// <summary>Policies of <paramref name="fileDefinitions"/> (already read and checked) and the built-ins.</summary>
    public WorkerPolicies(IEnumerable<PolicyDefinition> fileDefinitions)
    {
        ArgumentNullException.ThrowIfNull(fileDefinitions);
        files = new Dictionary<string, ResolvedPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in fileDefinitions)
        {
            files[definition.Name] = new ResolvedPolicy(definition, PolicyFile.Compile(definition));
        }
    }

    /// <summary>The policy called <paramref name="name"/>, or null when the worker has none.</summary>
    public ResolvedPolicy? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (files.TryGetValue(name, out var file))
        {
            return file;
        }

        return PolicyCatalog.Find(name) is { } builtIn ? new ResolvedPolicy(builtIn.Definition, builtIn.Policy) : null;
    }
}
