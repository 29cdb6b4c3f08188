namespace TraceLab.Policies.Language;

/// <summary>Whether the executing user trusts the roles it is a member of (<c>trust: membership:</c>).</summary>
public enum MembershipTrust
{
    /// <summary><c>none</c>: membership does not make a role trusted.</summary>
    None = 0,

    /// <summary><c>direct</c>: roles the executing user was granted itself.</summary>
    Direct = 1,

    /// <summary><c>inherited</c>: roles it inherits privileges from through any chain of grants (PostgreSQL 15's INHERIT).</summary>
    Inherited = 2,
}
