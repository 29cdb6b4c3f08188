using TraceLab.Replayer.Shapes;

namespace TraceLab.Replayer.Output;

/// <summary>What a report knows only after the last operation: the counts and the shapes.</summary>
/// <param name="Summary">Outcome counts per session and policy (for a diff: over every replayed operation, not only
/// the differing ones).</param>
/// <param name="Shapes">Operations grouped by chain shape, most frequent first.</param>
public sealed record ReportFooter(ReplaySummary Summary, IReadOnlyList<ShapeSummary> Shapes)
{
    /// <summary>How many operations the writers received: every operation for a replay, the differing ones for a diff.</summary>
    public long OperationsWritten { get; init; }
}
