namespace TraceLab.Policies.DdlNeedsTrustedChain;

/// <summary>Blocks DDL, role and grant commands unless the executor trusts the owner of every chain entry.</summary>
/// <remarks>
/// <para>
/// Robert Haas's example rule (pgsql-hackers, 2026-05-28): "always refuse to use your privileges to execute DDL unless
/// you trust the entire provenances chain". The executor is the role whose privileges the command runs with; it trusts
/// itself and, by default, every role that was a superuser when the command ran (role facts are taken as recorded at
/// that moment, so a later <c>ALTER ROLE … SUPERUSER</c> does not excuse an earlier command).
/// </para>
/// <para>
/// Every entry counts, including candidate entries of an ambiguous attribution: when the recording cannot tell which
/// of two views supplied a function, an untrusted owner of either is enough to block. The culprit is the first
/// untrusted entry from the root, the point where the untrusted role entered the chain.
/// </para>
/// </remarks>
internal sealed class DdlNeedsTrustedChainPolicy : IPolicy
{
    /// <summary>The name of the policy with default options.</summary>
    public const string DefaultName = "ddl-needs-trusted-chain";

    private readonly DdlNeedsTrustedChainPolicyOptions options;

    public DdlNeedsTrustedChainPolicy(DdlNeedsTrustedChainPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        ArgumentNullException.ThrowIfNull(options.GuardedCategories, nameof(options));
        this.options = options;
    }

    public string Name => options.Name;

    public string Description => options.TrustSuperusers
        ? "Blocks DDL, role and grant commands unless the executor or a superuser owns every entry of the chain."
        : "Blocks DDL, role and grant commands unless the executor owns every entry of the chain.";

    public Verdict Evaluate(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!options.GuardedCategories.Contains(operation.Category))
        {
            return Verdict.Allow();
        }

        for (var i = 0; i < operation.Chain.Count; i++)
        {
            if (!Trusts(operation.Executor, operation.Chain[i].Owner))
            {
                return TrustViolation.Report(operation, i);
            }
        }

        return Verdict.Allow();
    }

    private bool Trusts(RoleFacts executor, RoleFacts owner) =>
        (owner.Oid != 0 && owner.Oid == executor.Oid)
        || (options.TrustSuperusers && owner.IsKnown && owner.Superuser);
}
