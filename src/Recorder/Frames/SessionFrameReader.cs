using System.Runtime.CompilerServices;
using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads the bodies of the session frames (SessionEvents.cs): SessionStarted, TransactionEnded and
/// FramesDropped.</summary>
internal static class SessionFrameReader
{
    public static SessionStarted ReadSessionStarted(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        FormatVersion: f.UIntAsInt32(ref r, "format_version"),
        ProbeVersion: f.String(ref r, "probe_version"),
        ServerVersionNum: f.UIntAsInt32(ref r, "server_version_num"),
        SystemIdentifier: f.UInt64(ref r, "system_identifier"),
        Pid: f.UIntAsInt32(ref r, "pid"),
        BackendStartUs: f.Int64(ref r, "backend_start_us"),
        DatabaseOid: f.UInt32(ref r, "database_oid"),
        Database: f.String(ref r, "database"),
        SessionUserOid: f.UInt32(ref r, "session_user_oid"),
        ApplicationName: f.String(ref r, "application_name"),
        BackendType: f.String(ref r, "backend_type"),
        LeaderPid: f.Absent ? 0 : f.UIntAsInt32(ref r, "leader_pid"),
        WorkerType: f.Absent ? "" : f.String(ref r, "worker_type"),
        HookMode: f.Absent ? "" : f.String(ref r, "hook_mode"));

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TransactionEnded ReadTransactionEnded(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) =>
        new(h, Outcome: (TransactionOutcome)f.UIntAsInt32(ref r, "status"));

    public static FramesDropped ReadFramesDropped(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) =>
        new(h, Count: f.UIntAsInt64(ref r, "count"), Reason: f.String(ref r, "reason"));
}
