namespace TraceLab.Scenarios.Agreement;

/// <summary>What comparing one scenario's runs under one policy found.</summary>
/// <param name="Comparisons">Every compared operation, session by session (step sessions first, in the predicted run's
/// start order, then background sessions by backend type).</param>
/// <param name="HandlerWouldRun">Predicted operations past a handler point (<c>handler_would_run</c>): not compared.</param>
/// <param name="HandlerRan">Enforced operations on the real handler's path (<c>handler_ran</c>): not compared.</param>
/// <param name="RepeatedBackgroundSessions">Enforced background sessions that repeat a paired one: not compared.</param>
public sealed record AgreementTally(
    IReadOnlyList<OperationComparison> Comparisons,
    int HandlerWouldRun,
    int HandlerRan,
    int RepeatedBackgroundSessions)
{
    /// <summary>Compared operations that agree.</summary>
    public int Agreed => Comparisons.Count(c => c.Agrees);

    /// <summary>Compared operations.</summary>
    public int Total => Comparisons.Count;

    /// <summary>The compared operations that disagree, in order.</summary>
    public IEnumerable<OperationComparison> Disagreements => Comparisons.Where(c => !c.Agrees);

    /// <summary>ERRORs the probe raised that code on their chain caught: the handler ran.</summary>
    public int Caught => Comparisons.Count(c => c.Actual == EnforcedOutcome.Blocked && c.Consequence == ErrorConsequence.Caught);

    /// <summary>Operations at which the probe raised an ERROR or WARNING and the replay predicted one, with a different
    /// message, DETAIL or HINT: the outcome may agree while the texts do not (the probe's live chain lacks a link the
    /// replay infers, ENFORCEMENT.md).</summary>
    public int MessagesDiffer => Comparisons.Count(c => c.ProbeMessage is { } probe && c.PredictedMessage is { } predicted && probe != predicted);
}
