namespace TraceLab.Events;

/// <summary>A backend started producing frames: the first frame of every spool file.</summary>
/// <param name="LeaderPid">For a parallel worker, the pid of its leader; else 0.</param>
/// <param name="WorkerType">For a background worker, its type (<c>parallel worker</c>, <c>logical replication worker</c>).</param>
/// <param name="HookMode">Which functions the probe hooked (<c>user</c>: oid ≥ 16384; hooking stops SQL-function inlining).</param>
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
    string BackendType,
    int LeaderPid = 0,
    string WorkerType = "",
    string HookMode = "") : IRecordedFrame;

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
