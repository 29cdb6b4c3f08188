namespace TraceLab.Policies.Suggesting;

/// <summary>Why no trust addition lets a recorded operation through the base policy.</summary>
public enum UnallowedReason
{
    /// <summary>No rule matches the operation, so the policy's <c>default</c> (<c>block</c> or <c>warn</c>) decides, and
    /// trust is never asked.</summary>
    Default,

    /// <summary>An entry the rule must trust is owned by a role the recording does not describe (it has no name to
    /// list), and no kind of infrastructure covers it.</summary>
    UndescribedOwner,

    /// <summary>An entry the rule must trust stands for a frame the recording lacks; its owner is unknown.</summary>
    MissingFrame,
}
