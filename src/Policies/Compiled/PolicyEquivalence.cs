using TraceLab.Policies.Language;

namespace TraceLab.Policies.Compiled;

/// <summary>Whether two definitions state the same policy: everything the compiled form carries is equal.</summary>
/// <remarks>Records compare their lists by reference, so <c>==</c> cannot say this. The file's text, name and warnings
/// are not part of a policy's meaning and are not compared; lists compare in order (rules and patterns are tried in
/// order), sets and the <c>roles</c> map without regard to order.</remarks>
public static class PolicyEquivalence
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> decide and word everything alike.</summary>
    public static bool Equal(PolicyDefinition a, PolicyDefinition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Name == b.Name && a.Description == b.Description && a.Default == b.Default
               && a.Rules.Count == b.Rules.Count && a.Rules.Zip(b.Rules).All(p => Equal(p.First, p.Second));
    }

    private static bool Equal(RuleDefinition a, RuleDefinition b) =>
        a.Name == b.Name && a.Operations == b.Operations && Equal(a.Commands, b.Commands) && Equal(a.Objects, b.Objects)
        && Equal(a.Trust, b.Trust) && a.Scope == b.Scope && Equal(a.When, b.When) && a.Action == b.Action && a.Message == b.Message;

    private static bool Equal(TrustDefinition a, TrustDefinition b) =>
        a.Self == b.Self && a.Superusers == b.Superusers && a.Membership == b.Membership && a.Infrastructure == b.Infrastructure
        && a.Roles.Count == b.Roles.Count
        && a.Roles.All(r => b.Roles.TryGetValue(r.Key, out var other) && r.Value.SequenceEqual(other, StringComparer.Ordinal));

    private static bool Equal(WhenDefinition a, WhenDefinition b) =>
        a.Planner == b.Planner && a.ExecutorIsSuperuser == b.ExecutorIsSuperuser
        && (a.EntryKinds is null ? b.EntryKinds is null : b.EntryKinds is not null && a.EntryKinds.SetEquals(b.EntryKinds))
        && (a.Phases is null ? b.Phases is null : b.Phases is not null && a.Phases.SetEquals(b.Phases));

    private static bool Equal(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b, StringComparer.Ordinal);
}
