namespace TraceLab.Policies;

/// <summary>What a policy decided about an operation.</summary>
public enum Decision
{
    /// <summary>The operation may run.</summary>
    Allowed = 0,

    /// <summary>The policy would have raised an error instead of running the operation.</summary>
    Blocked = 1,
}
