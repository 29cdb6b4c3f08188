namespace TraceLab.Replayer;

/// <summary>How many operations one policy allowed and blocked.</summary>
public sealed record PolicyCounts(string Policy, long Allowed, long Blocked);
