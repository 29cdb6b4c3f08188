using TraceLab.Scenarios.Format;

namespace TraceLab.Scenarios.Matching;

/// <summary>What one policy did in a scenario's replay: the distinct operations it blocked and warned about, in the
/// header's role names.</summary>
/// <remarks>Sets, as expectations are: a statement run twice, or the same function call reached through two rows, is one
/// element. Counterfactual outcomes (<c>not_reached</c>, <c>aborted</c>, <c>handler_would_run</c>) are consequences of
/// a block and are not part of it.</remarks>
public sealed record ObservedOutcome(IReadOnlySet<OperationKey> Blocked, IReadOnlySet<OperationKey> Warned)
{
    /// <summary>Nothing blocked, nothing warned.</summary>
    public static ObservedOutcome Nothing { get; } = new(new HashSet<OperationKey>(), new HashSet<OperationKey>());
}
