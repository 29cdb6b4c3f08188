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

    public long Role(uint oid, string name, bool superuser = false) =>
        Add(h => new RoleDescribed(h, oid, name, superuser, true, true, superuser));

    public long Function(uint oid, string schema, string name, string arguments, uint owner, string language = "plpgsql") =>
        Add(h => new FunctionDescribed(h, oid, schema, name, arguments, owner, false, language, "f", "v", "void"));

    public long Relation(uint oid, string schema, string name, string relKind, uint owner) =>
        Add(h => new RelationDescribed(h, oid, schema, name, relKind, owner, false, false));

    public long Analyzed(long queryId, string commandTag, params ExpandedView[] views) =>
        Add(h => new QueryAnalyzed(h, queryId, commandTag, views));

    public long Statement(
        long parent, int depth, uint user, long queryId, string commandTag, string text,
        StatementKind kind = StatementKind.Planned, StatementContext? context = null) =>
        Add(
            h => new StatementStarted(
                h, queryId, commandTag, kind, context ?? (parent == 0 ? StatementContext.TopLevel : StatementContext.Query), text),
            parent,
            depth,
            user);

    public long Utility(long parent, int depth, uint user, long queryId, string commandTag, string text) =>
        Statement(parent, depth, user, queryId, commandTag, text, StatementKind.Utility);

    public long Finished(long statementSeq, FrameOutcome outcome = FrameOutcome.Succeeded, string sqlState = "", long rows = 0) =>
        Add(h => new StatementFinished(h, statementSeq, outcome, sqlState, rows));

    public long Entered(
        long parent,
        int depth,
        uint user,
        uint functionOid,
        int location = -1,
        string reachedBy = "call",
        TriggerContext? trigger = null) =>
        Add(h => new FunctionEntered(h, functionOid, reachedBy, location, trigger, null), parent, depth, user);

    public long Exited(long enteredSeq, FrameOutcome outcome = FrameOutcome.Succeeded, string sqlState = "") =>
        Add(h => new FunctionExited(h, enteredSeq, outcome, sqlState));

    public long TransactionEnded(TransactionOutcome outcome = TransactionOutcome.Committed) =>
        Add(h => new TransactionEnded(h, outcome));

    public long Dropped(long count) => Add(h => new FramesDropped(h, count, "out of memory"));

    public long Ended() => Add(h => new SessionEnded(h));

    /// <summary>Skips seq numbers, as if the probe had lost frames.</summary>
    public void Skip(long count) => seq += count;

    /// <summary>Appends a frame as is, for out-of-order and duplicate input.</summary>
    public void Raw(IRecordedFrame frame) => frames.Add(frame);

    public RecordedSession ToSession(string sessionId = SampleSessions.ViewSessionId) => RecordedSession.FromFrames(sessionId, frames);

    private long Add(Func<FrameHeader, IRecordedFrame> create, long parent = 0, int depth = 0, uint user = 0)
    {
        seq++;
        frames.Add(create(new FrameHeader(seq, parent, depth, Epoch + seq, user, user, SecurityContext.None)));
        return seq;
    }
}
