namespace TraceLab.Scenarios.Format;

/// <summary>What one policy must do in a scenario: the set of operations it blocks and the set it warns about
/// (both empty: <c>allowed</c>).</summary>
/// <param name="Policy">The policy's name, as the header's <c>expect</c> spells it.</param>
public sealed record PolicyExpectation(string Policy, IReadOnlySet<OperationKey> Blocked, IReadOnlySet<OperationKey> Warned)
{
    /// <summary>Nothing blocked, nothing warned.</summary>
    public bool IsAllowed => Blocked.Count == 0 && Warned.Count == 0;
}
