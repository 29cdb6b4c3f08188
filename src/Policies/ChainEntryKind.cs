namespace TraceLab.Policies;

/// <summary>What a link of a provenance chain is.</summary>
public enum ChainEntryKind
{
    /// <summary>The root: a statement the session user entered, or a synthetic root for a parent the recording lacks.</summary>
    Statement = 0,

    /// <summary>A view whose stored definition brought the next entry into the query.</summary>
    View = 1,

    /// <summary>A user function (or procedure) that was called.</summary>
    Function = 2,

    /// <summary>A table trigger that fired the next entry, its function.</summary>
    Trigger = 3,

    /// <summary>A planned statement run from inside other code (SPI, a utility command's subquery).</summary>
    Query = 4,

    /// <summary>A utility command run from inside other code.</summary>
    Utility = 5,
}
