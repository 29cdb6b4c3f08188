using TraceLab.Events;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>Version-2 sessions, one per way PostgreSQL 15 runs code a role did not choose.</summary>
/// <remarks>
/// alice (superuser) is the victim; mallory's code ends in <c>ALTER ROLE mallory SUPERUSER</c>. With
/// <c>trusted</c>, mallory and bob are superusers too, so every owner of every chain is trusted and
/// ddl-needs-trusted-chain must allow everything.
/// </remarks>
internal static class Scenarios
{
    public const uint Alice = 10;
    public const uint Mallory = 16384;
    public const uint Bob = 16385;

    public const uint VBait = 16400;
    public const uint VInner = 16401;
    public const uint FSecdef = 16408;
    public const uint FEvil = 16410;
    public const uint FIdx = 16411;
    public const uint FImm = 16412;
    public const uint FPrep = 16413;
    public const uint BobReport = 16414;
    public const uint BobEq = 16415;
    public const uint ComplexIn = 16416;
    public const uint ToCelsius = 16417;
    public const uint TrgFn = 16418;
    public const uint EtFn = 16419;
    public const uint T = 16420;
    public const uint TIdx = 16421;
    public const uint TRls = 16422;
    public const uint TPart = 16423;
    public const uint BobT = 16424;
    public const uint Child = 16425;
    public const uint BobParent = 16426;
    public const uint Trg = 16430;
    public const uint EventTrg = 16435;
    public const uint IdxExpr = 16440;
    public const uint IdxPred = 16441;
    public const uint CheckC = 16450;
    public const uint DomainCheck = 16451;
    public const uint Rule = 16460;
    public const uint PPos = 16470;
    public const uint PNeg = 16471;
    public const uint Int4 = 23;
    public const uint PositiveInt = 16480;
    public const uint Complex = 16481;
    public const uint Celsius = 16482;
    public const uint Eq = 16490;
    public const uint Sum = 16495;
    public const uint SumStep = 16496;

    public const long QSelect = 7001;
    public const long QInsert = 7002;
    public const long QAlter = 7099;

    /// <summary>Every scenario, by name, for the test that replays them all with trusted owners.</summary>
    public static IReadOnlyDictionary<string, Func<bool, SessionScript>> All { get; } = new Dictionary<string, Func<bool, SessionScript>>
    {
        [nameof(NestedViews)] = NestedViews,
        ["Rule"] = RuleOnInsert,
        ["RowSecurityPolicy"] = t => RowSecurityPolicy(t, planned: true),
        ["Default"] = t => WriteCode(t, DefaultCode()),
        ["GeneratedColumn"] = t => WriteCode(t, GeneratedCode()),
        ["CheckConstraint"] = t => WriteCode(t, CheckCode()),
        [nameof(DomainColumn)] = DomainColumn,
        [nameof(DomainCast)] = DomainCast,
        [nameof(IndexExpressionOnInsert)] = IndexExpressionOnInsert,
        [nameof(PartialIndexWhilePlanning)] = PartialIndexWhilePlanning,
        [nameof(ConstFoldingUnderExplain)] = ConstFoldingUnderExplain,
        [nameof(OperatorShadowingBuiltIn)] = OperatorShadowingBuiltIn,
        [nameof(OperatorInView)] = OperatorInView,
        [nameof(CastToUserType)] = CastToUserType,
        [nameof(AggregateShadowingBuiltIn)] = AggregateShadowingBuiltIn,
        [nameof(TypeInput)] = TypeInput,
        ["TriggerOnInsert"] = t => Trigger(t, "INSERT"),
        ["TriggerOnCopyFrom"] = t => Trigger(t, "COPY"),
        ["TriggerOnTruncate"] = t => Trigger(t, "TRUNCATE TABLE"),
        [nameof(DeferredTriggerAtCommit)] = DeferredTriggerAtCommit,
        [nameof(EventTrigger)] = EventTrigger,
        [nameof(ForeignKeyCascade)] = ForeignKeyCascade,
        [nameof(PreparedByAnotherRole)] = PreparedByAnotherRole,
        [nameof(PreparedInsideAnotherRolesFunction)] = PreparedInsideAnotherRolesFunction,
        [nameof(ProtocolCachedPlan)] = ProtocolCachedPlan,
        [nameof(PlpgsqlCachedPlan)] = PlpgsqlCachedPlan,
        [nameof(SecurityDefiner)] = SecurityDefiner,
        [nameof(SetRole)] = SetRole,
        [nameof(AnalyzeAsOwner)] = AnalyzeAsOwner,
        [nameof(Autovacuum)] = Autovacuum,
        [nameof(ParallelWorker)] = ParallelWorker,
        [nameof(AmbiguousViewAndDefault)] = AmbiguousViewAndDefault,
    };

    /// <summary>alice: SELECT * FROM mallory.v_bait; v_bait reads v_inner, whose body calls f_evil.</summary>
    public static SessionScript NestedViews(bool trusted)
    {
        var s = Begin(trusted);
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Relation(VInner, "mallory", "v_inner", "v", Mallory);
        s.Analysis(QSelect, "SELECT", "SELECT * FROM mallory.v_bait", [new(VBait, -1, []), new(VInner, 0, [FEvil])]);
        var plan = s.Plan(0, 0, Alice, QSelect, "SELECT * FROM mallory.v_bait");
        s.PlanFinished(plan);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT * FROM mallory.v_bait");
        Escalate(s, s.Entered(select, 1, Alice, FEvil, phase: "execution"), 2);
        return s;
    }

    /// <summary>alice inserts into mallory.t, whose rule r_log calls f_evil.</summary>
    public static SessionScript RuleOnInsert(bool trusted) =>
        WriteCode(trusted, Code(rules: [new StoredRule(Rule, "r_log", "INSERT", [FEvil]), new StoredRule(Rule + 1, "r_upd", "UPDATE", [FEvil])]));

    /// <summary>alice reads mallory.t_rls; policies p_pos and p_neg both call f_evil, the plan applied p_pos only
    /// (when <paramref name="planned"/>; otherwise the recording does not say which applied).</summary>
    public static SessionScript RowSecurityPolicy(bool trusted, bool planned)
    {
        var s = Begin(trusted);
        StoredPolicy[] policies =
        [
            new(PPos, "p_pos", "SELECT", true, [0], [FEvil], []),
            new(PNeg, "p_neg", "SELECT", true, [Bob], [FEvil], []),
        ];
        s.Relation(TRls, "mallory", "t_rls", "r", Mallory, Code(policies: policies), rowSecurity: true);
        s.Analysis(QSelect, "SELECT", "SELECT * FROM mallory.t_rls", relations: [new(TRls, false)]);
        if (planned)
        {
            var plan = s.Plan(0, 0, Alice, QSelect, "SELECT * FROM mallory.t_rls");
            s.PlanFinished(plan, new AppliedRowSecurity(TRls, [PPos]));
        }

        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT * FROM mallory.t_rls");
        Escalate(s, s.Entered(select, 1, Alice, FEvil, phase: "execution"), 2);
        return s;
    }

    public static RelationCode DefaultCode() => Code(defaults: [new StoredDefault(2, "c", false, [FEvil])]);

    public static RelationCode GeneratedCode() => Code(defaults: [new StoredDefault(3, "g", true, [FEvil])]);

    public static RelationCode CheckCode() => Code(checks: [new StoredCheck(CheckC, "t_c_check", [FEvil])]);

    /// <summary>alice: INSERT INTO mallory.t VALUES (1); the table's stored <paramref name="code"/> calls f_evil.</summary>
    public static SessionScript WriteCode(bool trusted, RelationCode code)
    {
        var s = Begin(trusted);
        s.Relation(T, "mallory", "t", "r", Mallory, code);
        Insert(s, T, "INSERT INTO mallory.t VALUES (1)");
        return s;
    }

    /// <summary>alice inserts into mallory.t, whose column c is of domain mallory.positive_int; its CHECK calls f_evil.</summary>
    public static SessionScript DomainColumn(bool trusted)
    {
        var s = Begin(trusted);
        s.Type(PositiveInt, "mallory", "positive_int", "d", Mallory, Int4, checks: new StoredCheck(DomainCheck, "positive_int_check", [FEvil]));
        s.Relation(T, "mallory", "t", "r", Mallory, Code(domains: [new DomainColumn(2, PositiveInt)]));
        Insert(s, T, "INSERT INTO mallory.t VALUES (1, 5)");
        return s;
    }

    /// <summary>alice: SELECT 5::mallory.positive_int; the domain's CHECK calls f_evil.</summary>
    public static SessionScript DomainCast(bool trusted)
    {
        var s = Begin(trusted);
        s.Type(PositiveInt, "mallory", "positive_int", "d", Mallory, Int4, checks: new StoredCheck(DomainCheck, "positive_int_check", [FEvil]));
        s.Analysis(QSelect, "SELECT", "SELECT 5::mallory.positive_int", domains: [PositiveInt]);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT 5::mallory.positive_int");
        Escalate(s, s.Entered(select, 1, Alice, FEvil, phase: "execution"), 2);
        return s;
    }

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

    /// <summary>alice selects from mallory.t_part; planning proves the partial index's predicate, which calls f_evil.</summary>
    public static SessionScript PartialIndexWhilePlanning(bool trusted)
    {
        var s = Begin(trusted);
        s.Relation(TPart, "mallory", "t_part", "r", Mallory, Code(indexes: [new StoredIndex(IdxPred, "t_part_pred", [], [FEvil])]));
        s.Analysis(QSelect, "SELECT", "SELECT * FROM mallory.t_part WHERE a > 0", relations: [new(TPart, false)]);
        var plan = s.Plan(0, 0, Alice, QSelect, "SELECT * FROM mallory.t_part WHERE a > 0");
        Escalate(s, s.Entered(plan, 1, Alice, FEvil, phase: "planning"), 2);
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

    /// <summary>mallory's operator mallory.= (found first on alice's search_path) points at bob's function; bob's function
    /// creates a table. The operator's owner, not the function's, brought the call.</summary>
    public static SessionScript OperatorShadowingBuiltIn(bool trusted)
    {
        var s = Begin(trusted);
        s.Function(BobEq, "bob", "int_eq", "integer, integer", Bob);
        s.Operator(Eq, "mallory", "=", "integer", "integer", Mallory, BobEq);
        s.Analysis(QSelect, "SELECT", "SELECT * FROM public.accounts WHERE id = 1");
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT * FROM public.accounts WHERE id = 1");
        var call = s.Entered(select, 1, Alice, BobEq, location: 39, reachedBy: "operator", phase: "execution", via: new CallVia("operator", Eq, 0));
        s.Utility(call, 2, Alice, QAlter, "CREATE TABLE", "CREATE TABLE bob.audit(n int)");
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

    /// <summary>alice: SELECT 20::mallory.celsius; the cast's function mallory.to_celsius escalates.</summary>
    public static SessionScript CastToUserType(bool trusted)
    {
        var s = Begin(trusted);
        s.Function(ToCelsius, "mallory", "to_celsius", "integer", Mallory);
        s.Type(Int4, "pg_catalog", "int4", "b", Alice);
        s.Type(Celsius, "mallory", "celsius", "b", Mallory);
        s.Analysis(QSelect, "SELECT", "SELECT 20::mallory.celsius");
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT 20::mallory.celsius");
        Escalate(s, s.Entered(select, 1, Alice, ToCelsius, location: 9, reachedBy: "cast", phase: "execution", via: new CallVia("cast", Int4, Celsius)), 2);
        return s;
    }

    /// <summary>alice: SELECT sum(n) FROM public.t; mallory.sum (first on the search_path) has a transition function
    /// that escalates.</summary>
    public static SessionScript AggregateShadowingBuiltIn(bool trusted)
    {
        var s = Begin(trusted);
        s.Function(Sum, "mallory", "sum", "integer", Mallory, "internal", kind: "a");
        s.Function(SumStep, "mallory", "sum_step", "integer, integer", Mallory, role: "aggregate_support");
        s.Analysis(QSelect, "SELECT", "SELECT sum(n) FROM public.t", aggregates: [new(Sum, [SumStep])]);
        var select = s.Statement(0, 0, Alice, QSelect, "SELECT", "SELECT sum(n) FROM public.t");
        Escalate(s, s.Entered(select, 1, Alice, SumStep, reachedBy: "aggregate", phase: "execution", via: new CallVia("aggregate", Sum, 0)), 2);
        return s;
    }

    /// <summary>alice: SELECT '(1,2)'::mallory.complex; parse analysis runs the type's input function.</summary>
    public static SessionScript TypeInput(bool trusted)
    {
        var s = Begin(trusted);
        s.Function(ComplexIn, "mallory", "complex_in", "cstring", Mallory, "c", role: "type_input");
        s.Type(Complex, "mallory", "complex", "b", Mallory, input: ComplexIn);
        Escalate(s, s.Entered(0, 0, Alice, ComplexIn, location: -2, reachedBy: "other", phase: "parse"), 1);
        return s;
    }

    /// <summary>alice writes to mallory.t with <paramref name="command"/> (INSERT, COPY FROM or TRUNCATE); mallory's trigger escalates.</summary>
    public static SessionScript Trigger(bool trusted, string command)
    {
        var s = Begin(trusted);
        s.Relation(T, "mallory", "t", "r", Mallory);
        s.Function(TrgFn, "mallory", "trg_fn", "", Mallory, role: "trigger");
        long statement;
        string phase;
        string @event;
        switch (command)
        {
            case "COPY":
                statement = s.Utility(0, 0, Alice, 0, "COPY", "COPY mallory.t FROM '/tmp/t.csv'", targets: [T], copy: new CopyDetails(true, false, "/tmp/t.csv"));
                (phase, @event) = ("utility", "I");
                break;
            case "TRUNCATE TABLE":
                statement = s.Utility(0, 0, Alice, 0, "TRUNCATE TABLE", "TRUNCATE mallory.t", targets: [T]);
                (phase, @event) = ("utility", "T");
                break;
            default:
                s.Analysis(QInsert, "INSERT", "INSERT INTO mallory.t VALUES (1)", relations: [new(T, true)]);
                statement = s.Statement(0, 0, Alice, QInsert, "INSERT", "INSERT INTO mallory.t VALUES (1)");
                (phase, @event) = ("execution", "I");
                break;
        }

        var context = new TriggerContext(Trg, "trg", T, "B", @event == "T" ? "S" : "R", @event);
        Escalate(s, s.Entered(statement, 1, Alice, TrgFn, -2, "trigger", context, phase), 2);
        return s;
    }

    /// <summary>alice commits; mallory's deferred constraint trigger fires with no statement open.</summary>
    public static SessionScript DeferredTriggerAtCommit(bool trusted)
    {
        var s = Begin(trusted);
        s.Relation(T, "mallory", "t", "r", Mallory);
        s.Function(TrgFn, "mallory", "trg_fn", "", Mallory, role: "trigger");
        s.Analysis(QInsert, "INSERT", "INSERT INTO mallory.t VALUES (1)", relations: [new(T, true)]);
        var insert = s.Statement(0, 0, Alice, QInsert, "INSERT", "INSERT INTO mallory.t VALUES (1)");
        s.Finished(insert, rows: 1);
        var commit = s.Utility(0, 0, Alice, 0, "COMMIT", "COMMIT");
        s.Finished(commit);
        var context = new TriggerContext(Trg, "trg_deferred", T, "A", "R", "I");
        Escalate(s, s.Entered(0, 0, Alice, TrgFn, -2, "trigger", context, "commit"), 1);
        return s;
    }

    /// <summary>alice creates a table; mallory's event trigger et_log fires at ddl_command_end.</summary>
    public static SessionScript EventTrigger(bool trusted)
    {
        var s = Begin(trusted);
        s.Function(EtFn, "mallory", "et_fn", "", Mallory, role: "event_trigger");
        var create = s.Utility(0, 0, Alice, 0, "CREATE TABLE", "CREATE TABLE public.x(n int)");
        var context = new EventTriggerContext("ddl_command_end", "CREATE TABLE", [new EventTriggerReference(EventTrg, "et_log", Mallory)]);
        Escalate(s, s.Entered(create, 1, Alice, EtFn, -2, "event_trigger", phase: "utility", eventTrigger: context), 2);
        return s;
    }

    /// <summary>alice deletes from bob.parent; the cascade deletes from mallory.child as mallory, firing mallory's trigger.</summary>
    public static SessionScript ForeignKeyCascade(bool trusted)
    {
        const string cascade = "DELETE FROM ONLY \"mallory\".\"child\" WHERE $1 OPERATOR(pg_catalog.=) \"parent_id\"";
        var s = Begin(trusted);
        s.Relation(BobParent, "bob", "parent", "r", Bob);
        s.Relation(Child, "mallory", "child", "r", Mallory);
        s.Function(TrgFn, "mallory", "trg_fn", "", Mallory, role: "trigger");
        s.Analysis(QInsert, "DELETE", "DELETE FROM bob.parent", relations: [new(BobParent, true)]);
        var delete = s.Statement(0, 0, Alice, QInsert, "DELETE", "DELETE FROM bob.parent");
        var fk = s.Statement(delete, 1, Mallory, 0, "DELETE", cascade, origin: "foreign_key", security: SecurityContext.LocalUserIdChange);
        var context = new TriggerContext(Trg, "trg_child", Child, "B", "R", "D");
        Escalate(s, s.Entered(fk, 2, Mallory, TrgFn, -2, "trigger", context, "execution"), 3, Mallory);
        return s;
    }

    /// <summary>alice prepares p_m while SET ROLE mallory, resets, and executes it as herself.</summary>
    public static SessionScript PreparedByAnotherRole(bool trusted)
    {
        const string prepareText = "PREPARE p_m AS SELECT mallory.f_evil()";
        var s = Begin(trusted);
        var set = s.Utility(0, 0, Alice, 0, "SET", "SET ROLE mallory");
        s.Switched(set, 1, Mallory, "SET ROLE", Alice, Mallory);
        s.Finished(set);
        var prepare = s.Utility(0, 0, Mallory, 0, "PREPARE", prepareText, prepared: new PreparedStatementReference("p_m", 0));
        s.Analysis(QSelect, "SELECT", prepareText, parent: prepare, depth: 1, user: Mallory);
        s.Finished(prepare);
        var reset = s.Utility(0, 0, Mallory, 0, "RESET", "RESET ROLE");
        s.Switched(reset, 1, Alice, "RESET ROLE", Alice, Alice);
        s.Finished(reset);
        Execute(s, prepare);
        return s;
    }

    /// <summary>alice calls mallory.f_prep(), which prepares p_m as alice; later alice executes p_m.</summary>
    public static SessionScript PreparedInsideAnotherRolesFunction(bool trusted)
    {
        const string prepareText = "PREPARE p_m AS SELECT mallory.f_evil()";
        var s = Begin(trusted);
        s.Function(FPrep, "mallory", "f_prep", "", Mallory);
        var select = s.Statement(0, 0, Alice, 5, "SELECT", "SELECT mallory.f_prep()");
        var call = s.Entered(select, 1, Alice, FPrep, location: 7, phase: "execution");
        var prepare = s.Utility(call, 2, Alice, 0, "PREPARE", prepareText, prepared: new PreparedStatementReference("p_m", 0));
        s.Analysis(QSelect, "SELECT", prepareText, parent: prepare, depth: 3, user: Alice);
        s.Finished(prepare);
        s.Exited(call);
        s.Finished(select, rows: 1);
        s.TransactionEnded();
        Execute(s, prepare);
        return s;
    }

    /// <summary>alice's client parses, binds and executes a statement on mallory.v_bait, then runs the cached plan again
    /// after other statements.</summary>
    public static SessionScript ProtocolCachedPlan(bool trusted)
    {
        const string text = "SELECT * FROM mallory.v_bait WHERE id = $1";
        var s = Begin(trusted);
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Relation(VInner, "mallory", "v_inner", "v", Mallory);
        s.Analysis(QSelect, "SELECT", text, [new(VBait, -1, []), new(VInner, 0, [FEvil])], user: Alice);
        s.TransactionEnded();
        var plan = s.Plan(0, 0, Alice, QSelect, text);
        s.PlanFinished(plan);
        var first = s.Statement(0, 0, Alice, QSelect, "SELECT", text, prepared: new PreparedStatementReference("S_1", 0), portal: new PortalReference("", false));
        s.Finished(first, rows: 1);
        s.Analysis(QInsert, "SELECT", "SELECT 1", user: Alice);
        s.Finished(s.Statement(0, 0, Alice, QInsert, "SELECT", "SELECT 1"), rows: 1);
        var again = s.Statement(0, 0, Alice, QSelect, "SELECT", text, prepared: new PreparedStatementReference("S_1", 0), portal: new PortalReference("", true));
        Escalate(s, s.Entered(again, 1, Alice, FEvil, phase: "execution"), 2);
        return s;
    }

    /// <summary>alice calls her public.report() twice; it inserts into mallory.t, whose default calls f_evil. The second
    /// call reuses PL/pgSQL's cached plan: no analysis, no plan.</summary>
    public static SessionScript PlpgsqlCachedPlan(bool trusted)
    {
        const string insertText = "INSERT INTO mallory.t(a) VALUES (1)";
        var s = Begin(trusted);
        s.Function(BobReport, "public", "report", "", Alice);
        s.Relation(T, "mallory", "t", "r", Mallory, DefaultCode());
        for (var round = 0; round < 2; round++)
        {
            var select = s.Statement(0, 0, Alice, 5, "SELECT", "SELECT public.report()");
            var report = s.Entered(select, 1, Alice, BobReport, location: 7, phase: "execution");
            if (round == 0)
            {
                s.Analysis(QInsert, "INSERT", insertText, relations: [new(T, true)], parent: report, depth: 2, user: Alice);
                s.PlanFinished(s.Plan(report, 2, Alice, QInsert, insertText));
            }

            var insert = s.Statement(report, 2, Alice, QInsert, "INSERT", insertText);
            var evil = s.Entered(insert, 3, Alice, FEvil, phase: "execution");
            if (round == 1)
            {
                Escalate(s, evil, 4);
            }

            s.Exited(evil);
            s.Finished(insert, rows: 1);
            s.Exited(report);
            s.Finished(select, rows: 1);
        }

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

    /// <summary>An autovacuum worker (session user postgres, the bootstrap superuser, oid 10) analyzes mallory.t_idx.</summary>
    public static SessionScript Autovacuum(bool trusted)
    {
        var s = new SessionScript();
        s.Started2("tracelab_demo", Alice, "autovacuum worker", pid: 5151);
        Roles(s, trusted);
        s.Role(Alice, "postgres", superuser: true);
        s.Function(FEvil, "mallory", "f_evil", "", Mallory);
        s.Function(FIdx, "mallory", "f_idx", "integer", Mallory);
        s.Relation(T, "mallory", "t", "r", Mallory, DefaultCode());
        s.Relation(TIdx, "mallory", "t_idx", "r", Mallory, Code(indexes: [new StoredIndex(IdxExpr, "t_idx_expr", [FIdx], [])]));
        var maintenance = s.MaintenanceStarted("autovacuum", "autovacuum: ANALYZE mallory.t_idx", Alice);
        var call = s.Entered(maintenance, 1, Mallory, FIdx, phase: "maintenance", security: Restricted);
        Escalate(s, call, 2, Mallory);
        return s;
    }

    /// <summary>A parallel worker of alice's session 4242 runs mallory.f_par for the leader's statement.</summary>
    public static SessionScript ParallelWorker(bool trusted)
    {
        var s = new SessionScript();
        s.Started2("tracelab_demo", Alice, "background worker", leaderPid: 4242, workerType: "parallel worker", pid: 4250);
        Roles(s, trusted);
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

    public const SecurityContext Restricted = SecurityContext.LocalUserIdChange | SecurityContext.RestrictedOperation;

    public static RelationCode Code(
        StoredDefault[]? defaults = null, StoredCheck[]? checks = null, StoredIndex[]? indexes = null, StoredRule[]? rules = null,
        StoredPolicy[]? policies = null, DomainColumn[]? domains = null) =>
        new(defaults ?? [], checks ?? [], indexes ?? [], rules ?? [], policies ?? [], domains ?? []);

    public static SessionScript Begin(bool trusted, uint sessionUser = Alice)
    {
        var s = new SessionScript();
        s.Started2("tracelab_demo", sessionUser);
        Roles(s, trusted);
        s.Function(FEvil, "mallory", "f_evil", "", Mallory);
        return s;
    }

    /// <summary>mallory's code escalates: ALTER ROLE mallory SUPERUSER, run as <paramref name="user"/>.</summary>
    public static long Escalate(SessionScript s, long call, int depth, uint user = Alice) =>
        s.Utility(call, depth, user, QAlter, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");

    private static void Roles(SessionScript s, bool trusted)
    {
        s.Role(Alice, "alice", superuser: true);
        s.Role(Mallory, "mallory", superuser: trusted);
        s.Role(Bob, "bob", superuser: trusted);
    }

    private static void Insert(SessionScript s, uint table, string text)
    {
        s.Analysis(QInsert, "INSERT", text, relations: [new(table, true)]);
        var insert = s.Statement(0, 0, Alice, QInsert, "INSERT", text);
        Escalate(s, s.Entered(insert, 1, Alice, FEvil, phase: "execution"), 2);
    }

    /// <summary>alice: EXECUTE p_m; revalidated and planned under the EXECUTE, f_evil written in the PREPARE's text.</summary>
    private static void Execute(SessionScript s, long prepare)
    {
        const string prepareText = "PREPARE p_m AS SELECT mallory.f_evil()";
        var execute = s.Utility(0, 0, Alice, 0, "EXECUTE", "EXECUTE p_m", prepared: new PreparedStatementReference("p_m", prepare));
        s.Analysis(QSelect, "SELECT", prepareText, parent: execute, depth: 1, user: Alice);
        s.PlanFinished(s.Plan(execute, 1, Alice, QSelect, prepareText));
        var select = s.Statement(execute, 1, Alice, QSelect, "SELECT", prepareText, context: StatementContext.Subcommand);
        Escalate(s, s.Entered(select, 2, Alice, FEvil, location: 22, phase: "execution"), 3);
    }
}
