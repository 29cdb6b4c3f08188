using TraceLab.Policies.Model;

namespace TraceLab.Policies.Language;

/// <summary>A policy file as written: what <see cref="PolicyFile"/> reads and compiles.</summary>
/// <param name="Name">The policy's name (lower case letters, digits and <c>-</c>).</param>
/// <param name="Description">One paragraph: the question the policy answers.</param>
/// <param name="Default">The verdict for an operation no rule matches.</param>
/// <param name="Rules">The rules, tried in order.</param>
/// <param name="Source">The file's text, as read.</param>
/// <param name="FileName">Where it came from: a path, or <c>catalog:NAME</c> for a built-in.</param>
public sealed record PolicyDefinition(
    string Name,
    string Description,
    PolicyAction Default,
    IReadOnlyList<RuleDefinition> Rules,
    string Source,
    string FileName)
{
    /// <summary>What in the file works but should be written otherwise (old spellings), in file order.</summary>
    public IReadOnlyList<PolicyWarning> Warnings { get; init; } = [];
}

/// <summary>One rule of a policy file.</summary>
/// <param name="Name">Unique in the file.</param>
/// <param name="Operations">The operation kinds it guards.</param>
/// <param name="Commands">Command-tag patterns it is limited to (<c>*</c> a wildcard), or <c>null</c> for all.</param>
/// <param name="Objects">Object-name patterns it is limited to, or <c>null</c> for all.</param>
/// <param name="Trust">How trust is decided.</param>
/// <param name="Scope">Which part of the chain counts.</param>
/// <param name="When">Conditions on the chain.</param>
/// <param name="Action"><see cref="PolicyAction.Block"/> or <see cref="PolicyAction.Warn"/>.</param>
/// <param name="Message">A primary message replacing the standard one, or <c>null</c>.</param>
public sealed record RuleDefinition(
    string Name,
    GuardedOperations Operations,
    IReadOnlyList<string>? Commands,
    IReadOnlyList<string>? Objects,
    TrustDefinition Trust,
    TrustScope Scope,
    WhenDefinition When,
    PolicyAction Action,
    string? Message);

/// <summary>How a rule decides whether the executing user trusts an entry.</summary>
/// <param name="Self">The executing user trusts itself.</param>
/// <param name="Superusers">Roles that were superusers at that moment are trusted.</param>
/// <param name="Membership">Roles the executing user is a member of are trusted.</param>
/// <param name="Roles">Explicit lists: executing role (or <c>*</c>) to the roles it trusts.</param>
/// <param name="Infrastructure">Kinds of entries trusted whoever owns them.</param>
public sealed record TrustDefinition(
    bool Self,
    bool Superusers,
    MembershipTrust Membership,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Roles,
    TrustedInfrastructure Infrastructure)
{
    /// <summary>The default: the executing user itself and superusers.</summary>
    public static TrustDefinition Default { get; } =
        new(true, true, MembershipTrust.None, new Dictionary<string, IReadOnlyList<string>>(), TrustedInfrastructure.None);
}

/// <summary>Conditions on the chain that a rule needs to match (<c>when:</c>).</summary>
/// <param name="EntryKinds">An entry in scope has one of these kinds, or <c>null</c> for no condition.</param>
/// <param name="Planner">With <paramref name="EntryKinds"/>: <c>planner</c> was listed (an entry produced while planning).</param>
/// <param name="Phases">An entry in scope was produced in one of these phases, or <c>null</c>.</param>
/// <param name="ExecutorIsSuperuser">The executing user was (not) a superuser, or <c>null</c>.</param>
public sealed record WhenDefinition(
    IReadOnlySet<ChainEntryKind>? EntryKinds,
    bool Planner,
    IReadOnlySet<ChainPhase>? Phases,
    bool? ExecutorIsSuperuser)
{
    /// <summary>No condition.</summary>
    public static WhenDefinition Always { get; } = new(null, false, null, null);
}
