using TraceLab.Events;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Events to build spool fixtures from.</summary>
internal static class SampleFrames
{
    public const long BackendStartUs = 1_795_889_206_123_456;

    public static FrameHeader Header(
        long seq, long parent = 0, int depth = 0, uint user = 10, SecurityContext context = SecurityContext.None) =>
        new(seq, parent, depth, BackendStartUs + (seq * 17), user, user, context);

    public static SessionStarted SessionStarted(long seq = 1, int pid = 12345, long startUs = BackendStartUs, uint user = 16384) =>
        new(Header(seq, user: user), 1, "0.1.0", 150007, 12_345_678_901_234_567_890UL, pid, startUs, 5, "app", user, "psql",
            "client backend");

    public static RoleDescribed RoleDescribed(long seq, uint oid = 16384, string name = "alice") =>
        new(Header(seq), oid, name, Superuser: false, CanLogin: true, Inherit: true, BypassRowSecurity: false);

    /// <summary>One frame of every type, seq 1 to 12, with nested and optional fields filled in.</summary>
    public static IReadOnlyList<IRecordedFrame> OneOfEach() =>
    [
        SessionStarted(),
        RoleDescribed(2),
        new FunctionDescribed(Header(3), 16500, "public", "audit", "integer, text", 16384, true, "plpgsql", "f", "v", "trigger"),
        new RelationDescribed(Header(4), 16600, "public", "accounts_v", "v", 16385, SecurityInvoker: false, SecurityBarrier: true),
        new QueryAnalyzed(Header(5), -4_611_686_018_427_387_904, "SELECT",
            [new ExpandedView(16600, -1, [16500, 16501]), new ExpandedView(16601, 0, [])]),
        new StatementStarted(Header(6), 8_123_456_789, "SELECT", StatementKind.Planned, StatementContext.TopLevel,
            "select * from accounts_v where note = 'é…'"),
        new FunctionEntered(Header(7, parent: 6, depth: 1, user: 16385, context: SecurityContext.LocalUserIdChange), 16500, "call", 14,
            null, null),
        new FunctionExited(Header(8, parent: 6, depth: 1), 7, FrameOutcome.Failed, "42501"),
        new StatementFinished(Header(9), 6, FrameOutcome.Succeeded, "", 3),
        new TransactionEnded(Header(10), TransactionOutcome.Committed),
        new FramesDropped(Header(11), 42, "out of memory"),
        new SessionEnded(Header(12)),
    ];

    /// <summary>A function entered from a trigger: location -2, trigger context, no event trigger.</summary>
    public static FunctionEntered TriggerCall(long seq) =>
        new(Header(seq, parent: seq - 1, depth: 1), 16500, "trigger", -2,
            new TriggerContext(16700, "audit_trg", 16601, "A", "R", "U"), null);

    /// <summary>A function entered from an event trigger: location -2, event trigger context.</summary>
    public static FunctionEntered EventTriggerCall(long seq) =>
        new(Header(seq, parent: seq - 1, depth: 1), 16501, "event_trigger", -2, null,
            new EventTriggerContext("ddl_command_end", "ALTER ROLE"));

    /// <summary>The start of a session: SessionStarted and the session user's RoleDescribed (seq 1, 2).</summary>
    public static List<IRecordedFrame> SessionStart(int pid = 12345, long startUs = BackendStartUs, string user = "alice") =>
        [SessionStarted(pid: pid, startUs: startUs), RoleDescribed(2, name: user)];

    /// <summary><paramref name="count"/> top-level statements (three frames each) from <paramref name="firstSeq"/>.</summary>
    public static List<IRecordedFrame> Statements(long firstSeq, int count)
    {
        var frames = new List<IRecordedFrame>();
        var seq = firstSeq;
        for (var i = 0; i < count; i++)
        {
            var started = seq;
            frames.Add(new StatementStarted(Header(seq++), i, "SELECT", StatementKind.Planned, StatementContext.TopLevel,
                $"select {i}"));
            frames.Add(new StatementFinished(Header(seq++), started, FrameOutcome.Succeeded, "", 1));
            frames.Add(new TransactionEnded(Header(seq++), TransactionOutcome.Committed));
        }

        return frames;
    }
}
