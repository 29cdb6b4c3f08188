namespace TraceLab.Replayer;

/// <summary>Which operations a diff between policies shows.</summary>
/// <remarks>An operation differs when its <see cref="PolicyVerdict.Outcome"/>s are not all the same: with two policies,
/// when A and B would have treated it differently (allowed under one, blocked or never reached under the other, …). Two
/// different messages with the same outcome are not a difference. The engine applies this filter itself for
/// <see cref="Output.ReportKind.Diff"/>, so a diff streams like a replay.</remarks>
public static class OutcomeDiff
{
    /// <summary>Whether the policies' outcomes for <paramref name="operation"/> are not all equal.</summary>
    public static bool Differs(ReplayedOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var verdicts = operation.Verdicts;
        for (var i = 1; i < verdicts.Count; i++)
        {
            if (verdicts[i].Outcome != verdicts[0].Outcome)
            {
                return true;
            }
        }

        return false;
    }
}
