using TraceLab.Policies;

namespace TraceLab.Replayer;

/// <summary>The verdict one policy gave one operation.</summary>
public sealed record PolicyVerdict(string Policy, Verdict Verdict);
