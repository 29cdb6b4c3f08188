namespace TraceLab.Policies.Model;

/// <summary>What a policy decided about an operation.</summary>
/// <remarks>The numeric values are stable; reports print <c>allowed</c>, <c>blocked</c> and <c>warned</c>.</remarks>
public enum Decision
{
    /// <summary>The operation may run.</summary>
    Allowed = 0,

    /// <summary>The policy would have raised an error instead of running the operation.</summary>
    Blocked = 1,

    /// <summary>The operation may run, but the policy would have raised a warning about it.</summary>
    Warned = 2,
}
