namespace TraceLab.Policies.Language;

/// <summary>What a rule does with an operation whose chain is not trusted, or what a policy's default gives.</summary>
public enum PolicyAction
{
    /// <summary><c>allow</c>: the operation runs (only as a policy's default).</summary>
    Allow = 0,

    /// <summary><c>warn</c>: the operation runs, and the policy reports a warning.</summary>
    Warn = 1,

    /// <summary><c>block</c>: the policy would have raised an error instead.</summary>
    Block = 2,
}
