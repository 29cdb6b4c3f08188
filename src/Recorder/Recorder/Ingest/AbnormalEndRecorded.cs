namespace TraceLab.Recorder.Ingest;

/// <summary>What <see cref="RecordAbnormalEndHandler"/> did with one <see cref="RecordAbnormalEnd"/>.</summary>
public sealed record AbnormalEndRecorded(string SessionId, AbnormalEndOutcome Outcome);

/// <summary>The outcome of one <see cref="RecordAbnormalEnd"/>.</summary>
public enum AbnormalEndOutcome
{
    /// <summary>The session had no end and its server started again since: the abnormal end was appended.</summary>
    Appended,

    /// <summary>The session already has its end (the probe's SessionEnded, or an abnormal end appended before).</summary>
    Ended,

    /// <summary>No later start of the session's server is known: it may still be running.</summary>
    Live,

    /// <summary>No SessionStarted was ingested, so the session's server is not known.</summary>
    Unknown,

    /// <summary>Another recorder moved the checkpoint; the session is judged again on a later pass.</summary>
    Conflict,
}
