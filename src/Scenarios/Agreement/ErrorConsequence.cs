namespace TraceLab.Scenarios.Agreement;

/// <summary>What became of an ERROR the probe raised under the policy, as the enforced recording shows it.</summary>
/// <remarks>Spelled by <see cref="ErrorConsequenceNames"/>.</remarks>
public enum ErrorConsequence
{
    /// <summary>Its transaction ended rolled back.</summary>
    RolledBack = 0,

    /// <summary>Code on its chain caught it (a PL/pgSQL EXCEPTION block, in a function or a DO block): that code went
    /// on and finished successfully, and the handler ran.</summary>
    Caught = 1,

    /// <summary>Not caught, yet its transaction committed: a ROLLBACK TO a savepoint undid the failed part.</summary>
    RolledBackToSavepoint = 2,

    /// <summary>The recording does not show how its transaction ended.</summary>
    NotRecorded = 3,
}

/// <summary>The one spelling of each <see cref="ErrorConsequence"/>.</summary>
public static class ErrorConsequenceNames
{
    public static string Of(ErrorConsequence consequence) => consequence switch
    {
        ErrorConsequence.RolledBack => "rolled_back",
        ErrorConsequence.Caught => "caught",
        ErrorConsequence.RolledBackToSavepoint => "rolled_back_to_savepoint",
        ErrorConsequence.NotRecorded => "not_recorded",
        _ => throw new ArgumentOutOfRangeException(nameof(consequence), consequence, "Unknown error consequence."),
    };
}
