namespace TraceLab.Events;

/// <summary>PostgreSQL's security-context bits (miscadmin.h) at the moment of a frame.</summary>
[Flags]
public enum SecurityContext
{
    None = 0,

    /// <summary>The effective user was switched locally (SECURITY DEFINER, maintenance as owner).</summary>
    LocalUserIdChange = 1,

    /// <summary>A security-restricted operation (index expressions under VACUUM/ANALYZE, …).</summary>
    RestrictedOperation = 2,

    /// <summary>Row-level security is not forced for the table owner.</summary>
    NoForceRowSecurity = 4,
}
