namespace TraceLab.Replayer;

/// <summary>How many operations one policy allowed, blocked and warned about.</summary>
/// <param name="Warned">Operations the policy let run with a warning (counted apart from <paramref name="Allowed"/>).</param>
public sealed record PolicyCounts(string Policy, long Allowed, long Blocked, long Warned = 0);
