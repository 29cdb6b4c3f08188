using TraceLab.Policies.Model;

namespace TraceLab.Policies.Suggesting;

/// <summary>Recorded operations the base policy flagged that every policy judges alike: one of them, how many there
/// were, and where the first few ran.</summary>
/// <param name="Operation">The first of them; evaluating it stands for evaluating every one.</param>
/// <param name="Count">How many recorded operations it stands for.</param>
/// <param name="Examples">The first few of them, in the order they were recorded.</param>
public sealed record FlaggedOperation(Operation Operation, long Count, IReadOnlyList<OperationOccurrence> Examples);
