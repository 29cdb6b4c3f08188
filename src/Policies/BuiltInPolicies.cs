using TraceLab.Policies.DdlNeedsTrustedChain;
using TraceLab.Policies.Permissive;

namespace TraceLab.Policies;

/// <summary>The policies that ship with TraceLab, by name.</summary>
/// <remarks>Built-in policies are stateless singletons; policies from data files will join them in a catalog of their
/// own. Names are matched exactly but without regard to case, as PostgreSQL matches unquoted identifiers.</remarks>
public static class BuiltInPolicies
{
    /// <summary><c>permissive</c>: blocks nothing.</summary>
    public static IPolicy Permissive { get; } = new PermissivePolicy();

    /// <summary><c>ddl-needs-trusted-chain</c> with its default options.</summary>
    public static IPolicy DdlNeedsTrustedChain { get; } = new DdlNeedsTrustedChainPolicy(new DdlNeedsTrustedChainPolicyOptions());

    /// <summary>Every built-in policy, in a stable order.</summary>
    public static IReadOnlyList<IPolicy> All { get; } = [Permissive, DdlNeedsTrustedChain];

    /// <summary>The names of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>The built-in policy called <paramref name="name"/>, or <c>null</c>.</summary>
    public static IPolicy? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The built-in policy called <paramref name="name"/>.</summary>
    /// <exception cref="PolicyNotFoundException">No built-in policy has that name.</exception>
    public static IPolicy Get(string name) => Find(name) ?? throw PolicyNotFoundException.Unrecognized(name, Names);

    /// <summary>A <c>ddl-needs-trusted-chain</c> variant, for comparing settings side by side.</summary>
    public static IPolicy CreateDdlNeedsTrustedChain(DdlNeedsTrustedChainPolicyOptions options) =>
        new DdlNeedsTrustedChainPolicy(options);
}
