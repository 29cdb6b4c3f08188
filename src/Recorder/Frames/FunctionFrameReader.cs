using System.Runtime.CompilerServices;
using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads the bodies of the function frames (FunctionEvents.cs): calls of user functions and their returns.</summary>
internal static class FunctionFrameReader
{
    /// <summary>Reads a FunctionEntered; fields appended later (<c>phase</c>, <c>via</c>, probe 0.4's <c>inlined</c>)
    /// take their defaults when an older probe did not write them.</summary>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FunctionEntered ReadFunctionEntered(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        FunctionOid: f.UInt32(ref r, "function_oid"),
        ReachedBy: f.String(ref r, "reached_by"),
        Location: f.Int32(ref r, "location"),
        Trigger: f.Optional(ref r, "trigger", "the trigger", ReadTrigger),
        EventTrigger: f.Optional(ref r, "event_trigger", "the event trigger", ReadEventTrigger),
        Phase: f.Absent ? "" : f.String(ref r, "phase"),
        Via: f.Optional(ref r, "via", "the via", ReadVia),
        Inlined: f.NilOrAbsent(ref r) ? null : f.UInt32List(ref r, "inlined", "function_oid"));

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FunctionExited ReadFunctionExited(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        EnteredSeq: f.UIntAsInt64(ref r, "entered_seq"),
        Outcome: (FrameOutcome)f.UIntAsInt32(ref r, "status"),
        SqlState: f.String(ref r, "sqlstate"));

    private static TriggerContext ReadTrigger(ref MessagePackSpanReader r, FrameFields t) => new(
        TriggerOid: t.UInt32(ref r, "trigger_oid"),
        Name: t.String(ref r, "name"),
        RelationOid: t.UInt32(ref r, "relation_oid"),
        Timing: t.String(ref r, "timing"),
        Level: t.String(ref r, "level"),
        Event: t.String(ref r, "event"));

    /// <summary>Reads <c>[event, tag, triggers]</c>; version 1 wrote no <c>triggers</c>.</summary>
    private static EventTriggerContext ReadEventTrigger(ref MessagePackSpanReader r, FrameFields t) => new(
        Event: t.String(ref r, "event"),
        Tag: t.String(ref r, "tag"),
        Triggers: t.Absent ? null : t.Entries(ref r, "triggers", "trigger", ReadEventTriggerReference));

    private static EventTriggerReference ReadEventTriggerReference(ref MessagePackSpanReader r, FrameFields e) => new(
        EventTriggerOid: e.UInt32(ref r, "event_trigger_oid"),
        Name: e.String(ref r, "name"),
        OwnerOid: e.UInt32(ref r, "owner_oid"));

    private static CallVia ReadVia(ref MessagePackSpanReader r, FrameFields v) => new(
        Kind: v.String(ref r, "kind"),
        Oid: v.UInt32(ref r, "oid"),
        Oid2: v.UInt32(ref r, "oid2"));
}
