namespace TraceLab.Replayer;

/// <summary>The result of replaying sessions under policies: every operation with its verdicts, and the counts.</summary>
/// <param name="Policies">Policy names in the order given; every operation lists its verdicts in this order.</param>
/// <param name="Operations">Operations in session order (as given), then seq order.</param>
/// <param name="Summary">Outcome counts per session and policy.</param>
public sealed record ReplayReport(
    IReadOnlyList<string> Policies,
    IReadOnlyList<ReplayedOperation> Operations,
    ReplaySummary Summary)
{
    /// <summary>The operations grouped by chain shape, most frequent first (as a streaming footer has them).</summary>
    public IReadOnlyList<Shapes.ShapeSummary> Shapes { get; init; } = [];
}
