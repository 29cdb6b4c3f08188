namespace TraceLab.Events;

/// <summary>The trigger that fired a function.</summary>
/// <param name="Timing">B before, A after, I instead of.</param>
/// <param name="Level">R row, S statement.</param>
/// <param name="Event">I insert, U update, D delete, T truncate.</param>
public sealed record TriggerContext(
    uint TriggerOid,
    string Name,
    uint RelationOid,
    string Timing,
    string Level,
    string Event);

/// <summary>The event trigger that fired a function.</summary>
public sealed record EventTriggerContext(string Event, string Tag, IReadOnlyList<EventTriggerReference>? Triggers = null);

/// <summary>An enabled event trigger that uses the called function for the event.</summary>
public sealed record EventTriggerReference(uint EventTriggerOid, string Name, uint OwnerOid);

/// <summary>The object a call went through when it is not the function itself.</summary>
/// <param name="Kind">operator (Oid = operator), cast (Oid = source type, Oid2 = target type), aggregate (Oid = aggregate).</param>
public sealed record CallVia(string Kind, uint Oid, uint Oid2);

/// <summary>A user function was called; <see cref="FrameHeader.CurrentUser"/> is the role its body runs as.</summary>
/// <param name="ReachedBy">call, operator, cast, aggregate, window, trigger, event_trigger or other.</param>
/// <param name="Location">Offset of the calling expression in the statement text; -1 when it came from a stored
/// definition such as a view, -2 when the call has no expression (triggers).</param>
/// <param name="Phase">parse, planning, execution, utility, maintenance or commit.</param>
/// <param name="Via">The operator, cast or aggregate the call went through; <c>null</c> when none.</param>
/// <param name="Inlined">Set when the call did not run: the planner inlined it (a SQL function replaced by its body,
/// probe 0.4); the user functions the inlined body may call. <c>null</c> for a call that ran, and in recordings made
/// before probe 0.4 (events stored without it read back as <c>null</c>).</param>
public sealed record FunctionEntered(
    FrameHeader Frame,
    uint FunctionOid,
    string ReachedBy,
    int Location,
    TriggerContext? Trigger,
    EventTriggerContext? EventTrigger,
    string Phase = "",
    CallVia? Via = null,
    IReadOnlyList<uint>? Inlined = null) : IRecordedFrame;

/// <summary>The call entered at frame <paramref name="EnteredSeq"/> returned or failed.</summary>
public sealed record FunctionExited(
    FrameHeader Frame,
    long EnteredSeq,
    FrameOutcome Outcome,
    string SqlState) : IRecordedFrame;
