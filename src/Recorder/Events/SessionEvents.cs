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
/// <param name="Abnormal">The backend ended without writing SessionEnded (a crash, SIGKILL, an immediate shutdown), which
/// the Recorder knows from a later start of the same server (a <c>.tlstart</c> file). Such an event is the Recorder's,
/// not a probe frame: its seq follows the last frame ingested, its parent, depth and users are 0, and its timestamp is
/// the start of the server that replaced the backend's (when it had ended at the latest).</param>
public sealed record SessionEnded(FrameHeader Frame, bool Abnormal = false) : IRecordedFrame;

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
