namespace TraceLab.Policies.Suggesting;

/// <summary>An addition the suggested policy keeps, and the recorded operations that need it.</summary>
/// <param name="Addition">The addition.</param>
/// <param name="Count">How many recorded operations the policy would flag again without it.</param>
/// <param name="Examples">A few of them: the first occurrences of the first distinct operations that need it.</param>
public sealed record SuggestedAddition(TrustAddition Addition, long Count, IReadOnlyList<OperationOccurrence> Examples);
