using TraceLab.Policies.Language;

namespace TraceLab.Policies.Suggesting;

/// <summary>What <see cref="TrustSuggester"/> found: the base policy with its trust grown, each addition with the
/// operations that need it, and the operations no addition can let through.</summary>
/// <param name="Policy">The base policy with <paramref name="Additions"/> applied; its name and description are the
/// base's (<see cref="NameFor"/> gives the suggested name).</param>
/// <param name="Additions">The additions kept, in the order they were first needed.</param>
/// <param name="Unallowed">Recorded operations the policy still flags.</param>
public sealed record Suggestion(
    PolicyDefinition Policy,
    IReadOnlyList<SuggestedAddition> Additions,
    IReadOnlyList<UnallowedOperation> Unallowed)
{
    /// <summary>What the suggested policy's name adds to its base's.</summary>
    public const string NameSuffix = "-suggested";

    /// <summary>The suggested policy's name: <c>ddl-needs-trusted-chain-suggested</c>.</summary>
    public static string NameFor(string baseName) => baseName + NameSuffix;
}
