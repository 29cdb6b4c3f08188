namespace TraceLab.Replayer;

/// <summary>The counts of one session.</summary>
/// <param name="Policies">One entry per policy, in the order of the replay.</param>
public sealed record SessionSummary(string SessionId, string? Database, long Operations, IReadOnlyList<PolicyCounts> Policies);
