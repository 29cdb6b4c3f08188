namespace TraceLab.Scenarios.Results;

/// <summary>One cell of the scenario × policy matrix.</summary>
/// <remarks>Spelled by <see cref="MatrixCellNames"/>.</remarks>
public enum MatrixCell
{
    /// <summary>The policy blocked what the scenario expects it to, and nothing else.</summary>
    Blocked = 0,

    /// <summary>The policy warned (and blocked nothing) as the scenario expects.</summary>
    Warned = 1,

    /// <summary>The policy blocked and warned about nothing, as the scenario expects.</summary>
    Allowed = 2,

    /// <summary>What the policy did differs from the expectation.</summary>
    Mismatch = 3,

    /// <summary>The scenario states no expectation for the policy (a user's own policy): reported, not judged.</summary>
    Unjudged = 4,
}

/// <summary>The one spelling of each <see cref="MatrixCell"/>.</summary>
public static class MatrixCellNames
{
    public static string Of(MatrixCell cell) => cell switch
    {
        MatrixCell.Blocked => "blocked",
        MatrixCell.Warned => "warned",
        MatrixCell.Allowed => "allowed",
        MatrixCell.Mismatch => "mismatch",
        MatrixCell.Unjudged => "unjudged",
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown matrix cell."),
    };
}
