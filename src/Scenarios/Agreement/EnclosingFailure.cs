namespace TraceLab.Scenarios.Agreement;

/// <summary>The operation that would have run an absent one, as it ran in the enforced run and failed: why the absent
/// one never started, when the reason is not the policy's error (a table or schema a blocked statement would have
/// created, say).</summary>
/// <param name="Command">Its command.</param>
/// <param name="SqlState">The SQLSTATE it failed with.</param>
public sealed record EnclosingFailure(string Command, string SqlState);
