using TraceLab.Policies.Language;

namespace TraceLab.Policies.Catalog;

/// <summary>A built-in policy: its file as shipped and the compiled policy.</summary>
/// <param name="Definition">The policy file, read.</param>
/// <param name="Policy">The compiled policy; a shared, stateless instance.</param>
public sealed record CatalogPolicy(PolicyDefinition Definition, IPolicy Policy)
{
    /// <summary>The policy's name.</summary>
    public string Name => Definition.Name;

    /// <summary>The one-paragraph description: the question the policy answers.</summary>
    public string Description => Definition.Description;

    /// <summary>The policy file's text, as <c>tracelab policies show</c> prints it.</summary>
    public string Source => Definition.Source;
}
