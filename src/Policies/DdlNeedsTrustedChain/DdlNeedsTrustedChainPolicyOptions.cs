namespace TraceLab.Policies.DdlNeedsTrustedChain;

/// <summary>Settings of the <c>ddl-needs-trusted-chain</c> policy.</summary>
/// <remarks>
/// The defaults are Robert Haas's example rule: refuse to use your privileges for DDL unless you trust every owner in
/// the chain, where you trust yourself and superusers. Variants (another set of guarded categories, or not trusting
/// superusers) can be registered side by side under a different <see cref="Name"/> to compare them on one trace.
/// </remarks>
public sealed class DdlNeedsTrustedChainPolicyOptions
{
    /// <summary>The name the policy reports its verdicts under.</summary>
    /// <value>Defaults to <c>ddl-needs-trusted-chain</c>.</value>
    public string Name { get; init; } = DdlNeedsTrustedChainPolicy.DefaultName;

    /// <summary>Operations in these categories need a trusted chain; all others are allowed.</summary>
    /// <value>Defaults to <see cref="CommandCategory.Ddl"/>, <see cref="CommandCategory.Role"/> and
    /// <see cref="CommandCategory.Grant"/>.</value>
    public IReadOnlySet<CommandCategory> GuardedCategories { get; init; } =
        new HashSet<CommandCategory> { CommandCategory.Ddl, CommandCategory.Role, CommandCategory.Grant };

    /// <summary>Whether an owner that was a superuser at the time of the operation is trusted.</summary>
    /// <value>Defaults to <c>true</c>: everyone has to trust the superuser, who could run the command anyway.</value>
    public bool TrustSuperusers { get; init; } = true;
}
