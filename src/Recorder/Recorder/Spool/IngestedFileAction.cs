namespace TraceLab.Recorder.Spool;

/// <summary>What the Recorder does with a spool file once it is ingested to its end and its session has ended, so that
/// a spool directory followed for a week does not grow for ever.</summary>
/// <remarks>Spelled in lower case on the command line (<c>record --ingested-files keep|delete|archive</c>).</remarks>
public enum IngestedFileAction
{
    /// <summary>Leave it where it is (the default: nothing is removed unless asked).</summary>
    Keep = 0,

    /// <summary>Delete it: every frame is in the event store.</summary>
    Delete = 1,

    /// <summary>Move it to the archive directory (renamed, never copied), for whoever wants the raw files.</summary>
    Archive = 2,
}
