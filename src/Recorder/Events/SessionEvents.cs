namespace TraceLab.Events;

/// <summary>A backend started producing frames: the first frame of every spool file.</summary>
public sealed record SessionStarted(
    FrameHeader Frame,
    int FormatVersion,
    string ProbeVersion,
    int ServerVersionNum,
    ulong SystemIdentifier,
    int Pid,
    long BackendStartUs,
    uint DatabaseOid,
    string Database,
    uint SessionUserOid,
    string ApplicationName,
    string BackendType) : IRecordedFrame;

/// <summary>The backend exited.</summary>
public sealed record SessionEnded(FrameHeader Frame) : IRecordedFrame;

/// <summary>The probe lost <paramref name="Count"/> frames before this one.</summary>
public sealed record FramesDropped(FrameHeader Frame, long Count, string Reason) : IRecordedFrame;

/// <summary>How a transaction ended.</summary>
public enum TransactionOutcome
{
    Committed = 0,
    Aborted = 1,
    Prepared = 2,
}

/// <summary>A transaction in which the session produced frames ended.</summary>
public sealed record TransactionEnded(FrameHeader Frame, TransactionOutcome Outcome) : IRecordedFrame;
