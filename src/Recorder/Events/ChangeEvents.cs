namespace TraceLab.Events;

/// <summary>A SET/RESET ROLE or SESSION AUTHORIZATION took effect; the users are those after the switch.</summary>
public sealed record RoleSwitched(
    FrameHeader Frame,
    string Command,
    uint SessionUserOid,
    uint OuterUserOid,
    bool Local) : IRecordedFrame;

/// <summary>The effect of a command on an object, from PostgreSQL's object access hook.</summary>
/// <param name="Access">create, alter, drop or truncate.</param>
/// <param name="Type">The object's type as pg_identify_object names it (table, role, function, …).</param>
/// <param name="Identity">The object's identity, empty when its catalog row was not visible yet.</param>
/// <param name="NamespaceOid">On a <c>create</c>, the schema the new object was created in; 0 for objects outside
/// schemas, for sub-objects, and in recordings of probes before 0.7.</param>
public sealed record ObjectChanged(
    FrameHeader Frame,
    string Access,
    uint ClassId,
    uint ObjectOid,
    int SubId,
    string Type,
    string Identity,
    uint NamespaceOid = 0) : IRecordedFrame;

/// <summary>A background process (autovacuum, logical replication apply) started running user code with no statement
/// of its own: a synthetic root for its calls.</summary>
/// <param name="Activity">The process's pg_stat_activity query, e.g. <c>autovacuum: ANALYZE mallory.t_idx</c>.</param>
/// <param name="RelationOid">The relation an autovacuum worker processes (described before); 0 when unknown.</param>
public sealed record MaintenanceStarted(FrameHeader Frame, string Kind, string Activity, uint RelationOid = 0) : IRecordedFrame;

/// <summary>The synthetic maintenance frame started at <paramref name="MaintenanceSeq"/> ended.</summary>
public sealed record MaintenanceFinished(FrameHeader Frame, long MaintenanceSeq) : IRecordedFrame;

/// <summary>A subtransaction began (SAVEPOINT, a PL/pgSQL EXCEPTION block).</summary>
public sealed record SubtransactionStarted(FrameHeader Frame, long SubtransactionId, long ParentSubtransactionId) : IRecordedFrame;

/// <summary>A subtransaction was released (<see cref="TransactionOutcome.Committed"/>) or rolled back.</summary>
public sealed record SubtransactionEnded(FrameHeader Frame, long SubtransactionId, TransactionOutcome Outcome) : IRecordedFrame;

/// <summary>A GRANT or REVOKE succeeded: which privileges on which objects it gave to or took from whom.</summary>
/// <param name="ObjectType">TABLE, SCHEMA, FUNCTION, ROLE (membership), ALL TABLES IN SCHEMA, …</param>
/// <param name="Objects">The objects as the statement named them.</param>
/// <param name="Privileges">SELECT, USAGE, ALL, …; MEMBER for role membership.</param>
/// <param name="Grantees">Role names, or PUBLIC.</param>
/// <param name="GrantOption">WITH GRANT OPTION, or WITH ADMIN OPTION for roles.</param>
public sealed record PrivilegesChanged(
    FrameHeader Frame,
    bool IsGrant,
    string ObjectType,
    IReadOnlyList<string> Objects,
    IReadOnlyList<string> Privileges,
    IReadOnlyList<string> Grantees,
    bool GrantOption) : IRecordedFrame;

/// <summary>The policy the probe enforces (probe 0.7, <c>tracelab.enforce_policy</c>) blocked or warned about the
/// operation whose frame is <paramref name="OperationSeq"/>: a StatementStarted, a FunctionEntered or a RoleSwitched.
/// Decisions that allow are not recorded.</summary>
/// <param name="OperationSeq">Seq of the operation's frame.</param>
/// <param name="Policy">The enforced policy's name.</param>
/// <param name="Mode"><c>warn</c> or <c>block</c>: <c>tracelab.enforce_mode</c> at that moment.</param>
/// <param name="Decision">The value of <c>TraceLab.Policies.Model.Decision</c>: 1 blocked, 2 warned.</param>
/// <param name="Level">What the probe raised: <c>ERROR</c> (the operation did not run) or <c>WARNING</c> (it ran).</param>
/// <param name="Culprit">Index in the operation's chain of the entry that decided it, -1 when the policy's default
/// decided.</param>
/// <param name="Rule">The deciding rule's name, empty when the policy's default decided.</param>
/// <param name="Message">The primary message raised, the replayer's for the same operation.</param>
/// <param name="Detail">Its DETAIL, empty when none.</param>
/// <param name="Hint">Its HINT, empty when none.</param>
public sealed record PolicyEnforced(
    FrameHeader Frame,
    long OperationSeq,
    string Policy,
    string Mode,
    int Decision,
    string Level,
    int Culprit,
    string Rule,
    string Message,
    string Detail,
    string Hint) : IRecordedFrame;

/// <summary>The policy and mode the probe enforces from here on in this stream (probe 0.7): every operation recorded
/// after it with no <see cref="PolicyEnforced"/> frame was allowed by that policy. Written before the first operation
/// judged under it, again whenever the policy (by checksum) or the mode changes, including to <c>off</c>, and at the
/// head of every new stream in which enforcement is on; a stream without one was recorded with enforcement off.</summary>
/// <param name="Policy">The policy's name, empty when <paramref name="Mode"/> is <c>off</c>.</param>
/// <param name="PolicyFile"><c>tracelab.enforce_policy</c> as set, empty when off.</param>
/// <param name="Checksum">The compiled file's CRC-32C, eight lower-case hex digits (as
/// <c>tracelab_enforcement()</c> shows it), empty when off.</param>
/// <param name="Mode"><c>tracelab.enforce_mode</c>: <c>off</c>, <c>warn</c> or <c>block</c>.</param>
public sealed record EnforcementInForce(
    FrameHeader Frame,
    string Policy,
    string PolicyFile,
    string Checksum,
    string Mode) : IRecordedFrame;
