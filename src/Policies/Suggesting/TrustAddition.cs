using TraceLab.Policies.Language;

namespace TraceLab.Policies.Suggesting;

/// <summary>One way a suggested policy trusts more than its base: a role a role trusts, or a kind of infrastructure,
/// added to one rule.</summary>
/// <remarks>These are the only two kinds of addition (LANGUAGE.md, "Suggestions"): they only grow the trust of the rule
/// that flagged an operation, so the rule still matches what it matched and only decides differently about trust.</remarks>
/// <param name="Rule">Index of the rule in the base policy's <c>rules</c>.</param>
/// <param name="Executor">For a role addition, the executing role that trusts (<c>*</c> when the recording does not name
/// it); <c>null</c> for an infrastructure addition.</param>
/// <param name="Owner">For a role addition, the role trusted; <c>null</c> for an infrastructure addition.</param>
/// <param name="Infrastructure">For an infrastructure addition, the one kind trusted; <see cref="TrustedInfrastructure.None"/>
/// for a role addition.</param>
public sealed record TrustAddition(int Rule, string? Executor, string? Owner, TrustedInfrastructure Infrastructure)
{
    /// <summary><c>trust: roles: {executor: [owner]}</c> in rule <paramref name="rule"/>.</summary>
    public static TrustAddition Role(int rule, string executor, string owner) => new(rule, executor, owner, TrustedInfrastructure.None);

    /// <summary><c>trust: infrastructure: [kind]</c> in rule <paramref name="rule"/>.</summary>
    public static TrustAddition Kind(int rule, TrustedInfrastructure kind) => new(rule, null, null, kind);

    /// <summary>Whether this is an infrastructure addition (it trusts entries whoever owns them).</summary>
    public bool IsInfrastructure => Infrastructure != TrustedInfrastructure.None;

    /// <summary>The addition in the policy language: <c>roles: {alice: [mallory]}</c> or
    /// <c>infrastructure: [type-output-functions]</c>.</summary>
    public override string ToString() => IsInfrastructure
        ? $"infrastructure: [{Vocabulary.NameOf(Vocabulary.Infrastructure, Infrastructure)}]"
        : $"roles: {{{Executor}: [{Owner}]}}";
}
