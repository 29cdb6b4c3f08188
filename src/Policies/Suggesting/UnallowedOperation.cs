using TraceLab.Policies.Model;

namespace TraceLab.Policies.Suggesting;

/// <summary>Recorded operations the suggested policy still flags, since no trust addition can let them through.</summary>
/// <param name="Operation">The operations (one distinct operation, its count and first occurrences).</param>
/// <param name="Reason">Why trust does not help.</param>
/// <param name="Decision">What the suggested policy still decides: blocked or warned.</param>
/// <param name="Rule">The rule that flags them, or <c>null</c> when the policy's default does.</param>
/// <param name="Culprit">The entry no addition can trust, or <c>null</c> for <see cref="UnallowedReason.Default"/>.</param>
public sealed record UnallowedOperation(
    FlaggedOperation Operation, UnallowedReason Reason, Decision Decision, string? Rule, ChainEntry? Culprit);
