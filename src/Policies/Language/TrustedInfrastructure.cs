namespace TraceLab.Policies.Language;

/// <summary>Kinds of entries trusted whoever owns them (<c>trust: infrastructure:</c>).</summary>
[Flags]
public enum TrustedInfrastructure
{
    /// <summary>Nothing is trusted for what it is.</summary>
    None = 0,

    /// <summary><c>type-output-functions</c>: a type's output and send functions (and the type entry that brings one).</summary>
    TypeOutputFunctions = 1,

    /// <summary><c>operator-classes</c>: operators in an operator family, and the functions they call.</summary>
    OperatorClasses = 2,

    /// <summary><c>superuser-owned</c>: objects owned by a role that was a superuser at that moment.</summary>
    SuperuserOwned = 4,

    /// <summary><c>extension-members</c>: objects that belong to an extension.</summary>
    ExtensionMembers = 8,
}
