using TraceLab.Events;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.EdgeCaseScripts;

namespace TraceLab.Reports.Tests.Support;

/// <summary>Hand-built sessions the report writers render: fixed ids, names and oids, so that the approved report files
/// and the README's screenshot (<c>scripts/report-sample</c>) stay byte for byte the same from run to run.</summary>
/// <remarks>Rendering fixtures only: what the replayer makes of real recordings is tested on the catalogue's golden
/// traces (<c>tests/TraceLab.Replayer.Tests</c>); these scripts build on the replayer tests' <see cref="EdgeCaseScripts"/>.</remarks>
internal static class ReportScenarios
{
    public const uint FSecdef = 16408;
    public const uint FImm = 16412;
    public const uint BobT = 16424;

    /// <summary>The scenarios the table's version-2 labels are checked on, by name.</summary>
    public static IReadOnlyDictionary<string, Func<bool, SessionScript>> All { get; } = new Dictionary<string, Func<bool, SessionScript>>
    {
        [nameof(IndexExpressionOnInsert)] = IndexExpressionOnInsert,
        [nameof(ProtocolCachedPlan)] = ProtocolCachedPlan,
        [nameof(TypeInput)] = TypeInput,
        [nameof(ForeignKeyCascade)] = ForeignKeyCascade,
        [nameof(AnalyzeAsOwner)] = AnalyzeAsOwner,
        [nameof(OperatorInView)] = OperatorInView,
        [nameof(ParallelWorker)] = ParallelWorker,
    };

    /// <summary>alice inserts into mallory.t, whose rule r_log calls f_evil.</summary>
    public static SessionScript RuleOnInsert(bool trusted) =>
        WriteCode(trusted, Code(rules: [new StoredRule(Rule, "r_log", "INSERT", [FEvil]), new StoredRule(Rule + 1, "r_upd", "UPDATE", [FEvil])]));

    /// <summary>alice inserts into mallory.t_idx; its index expression calls mallory.f_idx, which escalates as alice.</summary>
    public static SessionScript IndexExpressionOnInsert(bool trusted)
    {
        var s = Begin(trusted);
        s.Function(FIdx, "mallory", "f_idx", "integer", Mallory);
        s.Relation(TIdx, "mallory", "t_idx", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr, "t_idx_expr", [FIdx], [])]));
        s.Analysis(QInsert, "INSERT", "INSERT INTO mallory.t_idx VALUES (1)", relations: [new(TIdx, true)]);
        var insert = s.Statement(0, 0, Alice, QInsert, "INSERT", "INSERT INTO mallory.t_idx VALUES (1)");
        Escalate(s, s.Entered(insert, 1, Alice, FIdx, phase: "execution"), 2);
        return s;
    }

    /// <summary>alice: EXPLAIN SELECT … WHERE id = mallory.f_imm(1); the planner folds the immutable call, which escalates.</summary>
    public static SessionScript ConstFoldingUnderExplain(bool trusted)
    {
        const string text = "EXPLAIN (COSTS OFF) SELECT * FROM public.accounts WHERE id = mallory.f_imm(1)";
        var s = Begin(trusted);
        s.Function(FImm, "mallory", "f_imm", "integer", Mallory);
        var explain = s.Utility(0, 0, Alice, 0, "EXPLAIN", text);
        s.Analysis(QSelect, "SELECT", text, parent: explain, depth: 1, user: Alice);
        var plan = s.Plan(explain, 1, Alice, QSelect, text);
        Escalate(s, s.Entered(plan, 2, Alice, FImm, location: 61, phase: "planning"), 3);
        return s;
    }

    /// <summary>mallory's view v_bait compares with mallory.=, whose function is f_evil.</summary>
    public static SessionScript OperatorInView(bool trusted)
    {
        var s = Begin(trusted);
        s.Operator(Eq, "mallory", "=", "integer", "integer", Mallory, FEvil);
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Analysis(QSelect, "SELECT", "SELECT * FROM mallory.v_bait", [new(VBait, -1, [FEvil])]);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT * FROM mallory.v_bait");
        Escalate(s, s.Entered(select, 1, Alice, FEvil, reachedBy: "operator", phase: "execution", via: new CallVia("operator", Eq, 0)), 2);
        return s;
    }

    /// <summary>bob calls mallory.f_secdef(), a SECURITY DEFINER function that creates a table as mallory.</summary>
    public static SessionScript SecurityDefiner(bool trusted)
    {
        var s = Begin(trusted, Bob);
        s.Function(FSecdef, "mallory", "f_secdef", "", Mallory, securityDefiner: true);
        var select = s.Statement(0, 0, Bob, 5, "SELECT", "SELECT mallory.f_secdef()");
        var call = s.Entered(select, 1, Mallory, FSecdef, location: 7, phase: "execution", security: SecurityContext.LocalUserIdChange);
        s.Utility(call, 2, Mallory, QAlter, "CREATE TABLE", "CREATE TABLE mallory.log(n int)");
        return s;
    }

    /// <summary>alice: SET ROLE mallory, then SELECT mallory.f_evil() runs as mallory.</summary>
    public static SessionScript SetRole(bool trusted)
    {
        var s = Begin(trusted);
        var set = s.Utility(0, 0, Alice, 0, "SET", "SET ROLE mallory");
        s.Switched(set, 1, Mallory, "SET ROLE", Alice, Mallory);
        s.Finished(set);
        var select = s.Statement(0, 0, Mallory, 5, "SELECT", "SELECT mallory.f_evil()");
        Escalate(s, s.Entered(select, 1, Mallory, FEvil, location: 7, phase: "execution"), 2, Mallory);
        return s;
    }

    /// <summary>alice: ANALYZE mallory.t_idx; the index expression runs as mallory in a security-restricted operation.</summary>
    public static SessionScript AnalyzeAsOwner(bool trusted)
    {
        var s = Begin(trusted);
        s.Function(FIdx, "mallory", "f_idx", "integer", Mallory);
        s.Relation(TIdx, "mallory", "t_idx", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr, "t_idx_expr", [FIdx], [])]));
        var analyze = s.Utility(0, 0, Alice, 0, "ANALYZE", "ANALYZE mallory.t_idx", targets: [TIdx]);
        var call = s.Entered(analyze, 1, Mallory, FIdx, phase: "maintenance", security: Restricted);
        Escalate(s, call, 2, Mallory);
        return s;
    }

    /// <summary>A parallel worker of alice's session 4242 runs mallory.f_par for the leader's statement.</summary>
    public static SessionScript ParallelWorker(bool trusted)
    {
        var s = new SessionScript();
        s.Started2("tracelab_demo", Alice, "background worker", leaderPid: 4242, workerType: "parallel worker", pid: 4250);
        s.Role(Alice, "alice", superuser: true);
        s.Role(Mallory, "mallory", superuser: trusted);
        s.Role(Bob, "bob", superuser: trusted);
        s.Function(FEvil, "mallory", "f_evil", "", Mallory);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT count(*) FROM mallory.big WHERE mallory.f_evil() IS NULL");
        s.Entered(select, 1, Alice, FEvil, phase: "execution");
        return s;
    }

    /// <summary>alice: INSERT INTO bob.t SELECT * FROM mallory.v_bait; f_evil is in v_bait's body and in bob.t's default.</summary>
    public static SessionScript AmbiguousViewAndDefault(bool trusted)
    {
        const string text = "INSERT INTO bob.t SELECT * FROM mallory.v_bait";
        var s = Begin(trusted);
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Relation(BobT, "bob", "t", "r", Bob, DefaultCode());
        s.Analysis(QInsert, "INSERT", text, [new(VBait, -1, [FEvil])], [new(BobT, true)]);
        var insert = s.Statement(0, 0, Alice, QInsert, "INSERT", text);
        Escalate(s, s.Entered(insert, 1, Alice, FEvil, phase: "execution"), 2);
        return s;
    }

    /// <summary>alice: INSERT INTO mallory.t VALUES (1); the table's stored <paramref name="code"/> calls f_evil.</summary>
    public static SessionScript WriteCode(bool trusted, RelationCode code)
    {
        var s = Begin(trusted);
        s.Relation(T, "mallory", "t", "r", Mallory, code);
        Insert(s, T, "INSERT INTO mallory.t VALUES (1)");
        return s;
    }

    private static void Insert(SessionScript s, uint table, string text)
    {
        s.Analysis(QInsert, "INSERT", text, relations: [new(table, true)]);
        var insert = s.Statement(0, 0, Alice, QInsert, "INSERT", text);
        Escalate(s, s.Entered(insert, 1, Alice, FEvil, phase: "execution"), 2);
    }
}
