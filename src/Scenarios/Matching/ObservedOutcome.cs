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

    /// <summary>This outcome as <paramref name="expected"/> compares it: a culprit keeps its phase only where the
    /// expectation names a phase for the same command and culprit entry; everywhere else (and for no expectation) the
    /// phase is left out.</summary>
    public ObservedOutcome As(PolicyExpectation? expected)
    {
        var pinned = expected is null
            ? []
            : expected.Blocked.Concat(expected.Warned).Where(o => o.Culprit?.Phase is not null).Select(o => o.WithoutPhase()).ToHashSet();
        return new ObservedOutcome(Project(Blocked, pinned), Project(Warned, pinned));
    }

    private static HashSet<OperationKey> Project(IReadOnlySet<OperationKey> operations, HashSet<OperationKey> pinned) =>
        [.. operations.Select(o => pinned.Contains(o.WithoutPhase()) ? o : o.WithoutPhase())];
}
