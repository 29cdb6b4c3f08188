using System.Globalization;
using TraceLab.Events;

namespace TraceLab.Policies.Model;

/// <summary>What the recording said about a role at the moment of an operation.</summary>
/// <remarks>
/// Facts come from the latest <c>RoleDescribed</c> recorded before the operation, never from today's catalog: a role
/// that became superuser later in the session is not retroactively trusted. A role the recording never described is
/// <see cref="IsKnown">unknown</see>: it has no name, is not a superuser, has no memberships, and renders as
/// <c>role 16384</c> (oid 0, an owner the recording could not establish at all, renders as <c>unknown role</c>).
/// </remarks>
public sealed record RoleFacts(
    uint Oid,
    string? Name,
    bool Superuser,
    bool CanLogin,
    bool Inherit,
    bool BypassRowSecurity)
{
    /// <summary>The roles this role is directly a member of (pg_auth_members), as recorded; empty for version-1
    /// recordings and unknown roles.</summary>
    public IReadOnlyList<RoleMembership> MemberOf { get; init; } = [];

    /// <summary>Whether the role had CREATEROLE.</summary>
    public bool CreateRole { get; init; }

    /// <summary>Whether a descriptor for the role was recorded before the operation.</summary>
    public bool IsKnown => Name is not null;

    /// <summary>The role's name, or <c>role 16384</c> / <c>unknown role</c> when it was never described.</summary>
    public string DisplayName => Name ?? (Oid == 0 ? "unknown role" : string.Create(CultureInfo.InvariantCulture, $"role {Oid}"));

    /// <summary>The role as a message argument: <c>"alice"</c>, <c>role 16384</c> or <c>an unknown role</c>.</summary>
    public string Quoted => Name is not null ? $"\"{Name}\"" : Oid == 0 ? "an unknown role" : DisplayName;

    /// <summary>The role as the subject of a message: <c>user "alice"</c>, <c>role 16384</c> or <c>an unknown role</c>.</summary>
    public string Mention => Name is not null ? $"user \"{Name}\"" : Quoted;

    /// <summary>Whether the role is directly a member of <paramref name="roleOid"/>.</summary>
    public bool IsDirectMemberOf(uint roleOid) => MemberOf.Any(m => m.RoleOid == roleOid);

    /// <summary>Facts for a role the recording does not describe.</summary>
    public static RoleFacts Unknown(uint oid) => new(oid, null, false, false, false, false);
}
