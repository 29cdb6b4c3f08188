namespace TraceLab.Replayer.Output;

/// <summary>Whether a report lists every operation (replay) or only those whose outcomes differ (diff).</summary>
public enum ReportKind
{
    Replay = 0,
    Diff = 1,
}
