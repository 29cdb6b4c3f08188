namespace TraceLab.Scenarios.Agreement;

/// <summary>One session (or pair of sessions) compared: every compared operation in order, and the operations on
/// either side of a handler point, which are counted, not compared.</summary>
/// <param name="HandlerWouldRun">Operations the replay marks <c>handler_would_run</c>.</param>
/// <param name="HandlerRan">Operations of the enforced run that ran in a function after an error its EXCEPTION block
/// caught.</param>
public sealed record SessionComparison(IReadOnlyList<OperationComparison> Comparisons, int HandlerWouldRun, int HandlerRan)
{
    /// <summary>Nothing compared, nothing counted.</summary>
    public static SessionComparison Empty { get; } = new([], 0, 0);

    /// <summary>How many of <see cref="Comparisons"/> agree.</summary>
    public int Agreed => Comparisons.Count(c => c.Agrees);
}
