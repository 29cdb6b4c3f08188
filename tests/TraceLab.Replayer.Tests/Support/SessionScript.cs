using TraceLab.Events;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>Writes a recorded session as an in-memory event list, numbering frames like the probe does.</summary>
internal sealed class SessionScript
{
    private const long Epoch = 1_780_000_000_000_000;
    private readonly List<IRecordedFrame> frames = [];
    private long seq;

    public IReadOnlyList<IRecordedFrame> Frames => frames;

    public long LastSeq => seq;

    public long Started(string database, uint sessionUser, string application = "tracelab-test", int pid = 4242) =>
        Add(
            h => new SessionStarted(
                h, 1, "0.1", 150008, 7_300_000_000_000_000_001, pid, Epoch, 16388, database, sessionUser, application, "client backend"),
            0,
            0,
            sessionUser);

    /// <summary>A version-2 session start: a client backend, or a background process.</summary>
    public long Started2(
        string database, uint sessionUser, string backendType = "client backend", int leaderPid = 0, string workerType = "",
        int pid = 4242) =>
        Add(
            h => new SessionStarted(
                h, 2, "0.2", 150008, 7_300_000_000_000_000_001, pid, Epoch, 16388, database, sessionUser, "tracelab-test",
                backendType, leaderPid, workerType, "user"),
            0,
            0,
            sessionUser);

    public long Role(uint oid, string name, bool superuser = false) =>
        Add(h => new RoleDescribed(h, oid, name, superuser, true, true, superuser));

    /// <summary>A role that is a direct member of <paramref name="memberOf"/>.</summary>
    public long Role(uint oid, string name, bool superuser, params uint[] memberOf) =>
        Add(h => new RoleDescribed(h, oid, name, superuser, true, true, superuser, [.. memberOf.Select(m => new RoleMembership(m, false))]));

    public long Function(
        uint oid, string schema, string name, string arguments, uint owner, string language = "plpgsql", string role = "",
        bool securityDefiner = false, string kind = "f") =>
        Add(h => new FunctionDescribed(h, oid, schema, name, arguments, owner, securityDefiner, language, kind, "v", "void", null, role));

    public long Relation(
        uint oid, string schema, string name, string relKind, uint owner, RelationCode? code = null, bool rowSecurity = false) =>
        Add(h => new RelationDescribed(h, oid, schema, name, relKind, owner, false, false, rowSecurity, false, code));

    public long Operator(uint oid, string schema, string name, string left, string right, uint owner, uint function) =>
        Add(h => new OperatorDescribed(h, oid, schema, name, left, right, owner, function));

    public long Type(
        uint oid, string schema, string name, string typType, uint owner, uint baseType = 0, uint input = 0, uint output = 0,
        params StoredCheck[] checks) =>
        Add(h => new TypeDescribed(h, oid, schema, name, typType, owner, baseType, input, output, checks));

    /// <summary>A version-2 analysis, at top level unless a parent is given.</summary>
    public long Analysis(
        long queryId, string commandTag, string text, ExpandedView[]? views = null, AnalyzedRelation[]? relations = null,
        AnalyzedAggregate[]? aggregates = null, uint[]? domains = null, long parent = 0, int depth = 0, uint user = 0) =>
        Add(h => new QueryAnalyzed(h, queryId, commandTag, views ?? [], relations ?? [], aggregates ?? [], domains ?? [], text), parent, depth, user);

    public long Plan(long parent, int depth, uint user, long queryId, string text) =>
        Add(h => new PlanStarted(h, queryId, 0, false, text), parent, depth, user);

    public long PlanFinished(long planSeq, params AppliedRowSecurity[] rowSecurity) =>
        Add(h => new PlanFinished(h, planSeq, FrameOutcome.Succeeded, "", rowSecurity));

    public long Switched(long parent, int depth, uint currentUser, string command, uint sessionUser, uint outerUser) =>
        Add(h => new RoleSwitched(h, command, sessionUser, outerUser, false), parent, depth, currentUser);

    public long MaintenanceStarted(string kind, string activity, uint user) =>
        Add(h => new MaintenanceStarted(h, kind, activity), 0, 0, user);

    public long MaintenanceFinished(long maintenanceSeq) => Add(h => new MaintenanceFinished(h, maintenanceSeq));

    public long Changed(long parent, int depth, uint user, string access, string type, string identity) =>
        Add(h => new ObjectChanged(h, access, 1260, 16384, 0, type, identity), parent, depth, user);

    /// <summary>An effect on any object (ObjectChanged) of the frame <paramref name="parent"/>.</summary>
    public long Effect(
        long parent, int depth, uint user, string access, uint classId, uint oid, string type, string identity,
        uint namespaceOid = 0) =>
        Add(h => new ObjectChanged(h, access, classId, oid, 0, type, identity, namespaceOid), parent, depth, user);

    public long Analyzed(long queryId, string commandTag, params ExpandedView[] views) =>
        Add(h => new QueryAnalyzed(h, queryId, commandTag, views));

    public long Statement(
        long parent, int depth, uint user, long queryId, string commandTag, string text,
        StatementKind kind = StatementKind.Planned, StatementContext? context = null,
        PreparedStatementReference? prepared = null, PortalReference? portal = null, string origin = "",
        uint[]? targets = null, CopyDetails? copy = null, SecurityContext security = SecurityContext.None) =>
        Add(
            h => new StatementStarted(
                h, queryId, commandTag, kind, context ?? (parent == 0 ? StatementContext.TopLevel : StatementContext.Query), text,
                prepared, portal, origin, targets, copy),
            parent,
            depth,
            user,
            security);

    public long Utility(
        long parent, int depth, uint user, long queryId, string commandTag, string text,
        PreparedStatementReference? prepared = null, uint[]? targets = null, CopyDetails? copy = null) =>
        Statement(parent, depth, user, queryId, commandTag, text, StatementKind.Utility, prepared: prepared, targets: targets, copy: copy);

    public long Finished(long statementSeq, FrameOutcome outcome = FrameOutcome.Succeeded, string sqlState = "", long rows = 0) =>
        Add(h => new StatementFinished(h, statementSeq, outcome, sqlState, rows));

    public long Entered(
        long parent,
        int depth,
        uint user,
        uint functionOid,
        int location = -1,
        string reachedBy = "call",
        TriggerContext? trigger = null,
        string phase = "",
        CallVia? via = null,
        EventTriggerContext? eventTrigger = null,
        SecurityContext security = SecurityContext.None,
        uint[]? inlined = null) =>
        Add(
            h => new FunctionEntered(h, functionOid, reachedBy, location, trigger, eventTrigger, phase, via, inlined),
            parent,
            depth,
            user,
            security);

    /// <summary>A call the planner inlined, as probe 0.4 writes it under the plan: a FunctionEntered in phase planning
    /// listing what the body may call, at once followed by its FunctionExited; returns the FunctionEntered's seq.</summary>
    public long InlinedCall(
        long plan, int depth, uint user, uint functionOid, int location, uint[] body, string reachedBy = "call", CallVia? via = null)
    {
        var entered = Entered(plan, depth, user, functionOid, location, reachedBy, phase: "planning", via: via, inlined: body);
        Exited(entered);
        return entered;
    }

    public long Exited(long enteredSeq, FrameOutcome outcome = FrameOutcome.Succeeded, string sqlState = "") =>
        Add(h => new FunctionExited(h, enteredSeq, outcome, sqlState));

    /// <summary>A subtransaction starts: a SAVEPOINT's (parent 0 or its statement) or an EXCEPTION block's (parent: the
    /// function's FunctionEntered).</summary>
    public long SubtransactionStarted(long id, long parent = 0, int depth = 0, long parentId = 1) =>
        Add(h => new SubtransactionStarted(h, id, parentId), parent, depth);

    public long SubtransactionEnded(long id, TransactionOutcome outcome = TransactionOutcome.Committed, long parent = 0, int depth = 0) =>
        Add(h => new SubtransactionEnded(h, id, outcome), parent, depth);

    public long TransactionEnded(TransactionOutcome outcome = TransactionOutcome.Committed) =>
        Add(h => new TransactionEnded(h, outcome));

    public long Dropped(long count) => Add(h => new FramesDropped(h, count, "out of memory"));

    public long Ended() => Add(h => new SessionEnded(h));

    /// <summary>The end the Recorder appends for a backend that died without SessionEnded: parent 0, depth 0, no user.</summary>
    public long EndedAbnormally() => Add(h => new SessionEnded(h, Abnormal: true));

    /// <summary>Skips seq numbers, as if the probe had lost frames.</summary>
    public void Skip(long count) => seq += count;

    /// <summary>Appends a frame as is, for out-of-order and duplicate input.</summary>
    public void Raw(IRecordedFrame frame) => frames.Add(frame);

    public RecordedSession ToSession(string sessionId = Version1Sessions.ViewSessionId) => RecordedSession.FromFrames(sessionId, frames);

    private long Add(
        Func<FrameHeader, IRecordedFrame> create, long parent = 0, int depth = 0, uint user = 0, SecurityContext security = SecurityContext.None)
    {
        seq++;
        frames.Add(create(new FrameHeader(seq, parent, depth, Epoch + seq, user, user, security)));
        return seq;
    }
}
