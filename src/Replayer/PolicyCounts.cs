namespace TraceLab.Replayer;

/// <summary>How many operations had each outcome under one policy.</summary>
/// <param name="Allowed">Reached and allowed.</param>
/// <param name="Blocked">Reached and blocked.</param>
/// <param name="Warned">Reached and let run with a warning (counted apart from <paramref name="Allowed"/>).</param>
/// <param name="NotReached">Never reached: an earlier block in the same statement.</param>
/// <param name="Aborted">In a transaction an earlier block would have aborted.</param>
/// <param name="HandlerWouldRun">After a block a PL/pgSQL EXCEPTION block would have caught, in the same function.</param>
public sealed record PolicyCounts(
    string Policy,
    long Allowed,
    long Blocked,
    long Warned = 0,
    long NotReached = 0,
    long Aborted = 0,
    long HandlerWouldRun = 0)
{
    /// <summary>How many operations had <paramref name="outcome"/>.</summary>
    public long Of(Outcome outcome) => outcome switch
    {
        Outcome.Allowed => Allowed,
        Outcome.Blocked => Blocked,
        Outcome.Warned => Warned,
        Outcome.NotReached => NotReached,
        Outcome.Aborted => Aborted,
        Outcome.HandlerWouldRun => HandlerWouldRun,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    /// <summary>Every operation counted, whatever its outcome.</summary>
    public long Total => Allowed + Blocked + Warned + NotReached + Aborted + HandlerWouldRun;
}
