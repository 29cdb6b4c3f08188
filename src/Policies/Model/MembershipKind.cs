namespace TraceLab.Policies.Model;

/// <summary>Which kind of role membership <see cref="RoleCatalog.IsMember"/> asks about.</summary>
/// <remarks>PostgreSQL 15 semantics (<c>roles_is_member_of</c> in <c>src/backend/utils/adt/acl.c</c>), without its
/// superuser shortcut: whether a superuser counts as a member of every role is for each policy to decide.</remarks>
public enum MembershipKind
{
    /// <summary>A pg_auth_members row: the member was granted the role itself.</summary>
    Direct = 0,

    /// <summary>Directly or through any chain of grants, whatever the INHERIT settings
    /// (<c>is_member_of_role_nosuper</c>: enough to SET ROLE to it).</summary>
    Transitive = 1,

    /// <summary>Through a chain of grants in which every role whose memberships are followed has INHERIT, the member
    /// included (<c>has_privs_of_role</c> without the superuser shortcut: the member uses the role's privileges
    /// without SET ROLE).</summary>
    Inheriting = 2,
}
