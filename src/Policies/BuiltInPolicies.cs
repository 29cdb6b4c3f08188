using TraceLab.Policies.Catalog;

namespace TraceLab.Policies;

/// <summary>The policies that ship with TraceLab, by name.</summary>
/// <remarks>Shortcuts to <see cref="PolicyCatalog"/>, where the built-ins are ordinary policy files embedded in this
/// assembly. Built-in policies are stateless shared instances. Names are matched exactly but without regard to case, as
/// PostgreSQL matches unquoted identifiers.</remarks>
public static class BuiltInPolicies
{
    /// <summary><c>permissive</c>: blocks nothing.</summary>
    public static IPolicy Permissive => PolicyCatalog.Get("permissive");

    /// <summary><c>ddl-needs-trusted-chain</c>: Haas's example rule.</summary>
    public static IPolicy DdlNeedsTrustedChain => PolicyCatalog.Get("ddl-needs-trusted-chain");

    /// <summary>Every built-in policy, in a stable order.</summary>
    public static IReadOnlyList<IPolicy> All => [.. PolicyCatalog.BuiltIns.Select(p => p.Policy)];

    /// <summary>The names of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names => PolicyCatalog.Names;

    /// <summary>The built-in policy called <paramref name="name"/>, or <c>null</c>.</summary>
    public static IPolicy? Find(string name) => PolicyCatalog.Find(name)?.Policy;

    /// <summary>The built-in policy called <paramref name="name"/>.</summary>
    /// <exception cref="PolicyNotFoundException">No built-in policy has that name.</exception>
    public static IPolicy Get(string name) => PolicyCatalog.Get(name);
}
