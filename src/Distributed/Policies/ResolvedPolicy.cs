using TraceLab.Policies;
using TraceLab.Policies.Language;

namespace TraceLab.Distributed.Policies;

/// <summary>A policy in use: its definition as written (a built-in's embedded file or a user's file) and the policy
/// compiled from it.</summary>
/// <param name="Definition">The definition, whose <see cref="PolicyDefinition.Source"/> the content hash covers.</param>
/// <param name="Policy">The compiled policy the replay evaluates.</param>
public sealed record ResolvedPolicy(PolicyDefinition Definition, IPolicy Policy)
{
    /// <summary>The policy's name, as reports and job messages spell it.</summary>
    public string Name => Definition.Name;
}
