using TraceLab.Events;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>Hand-built sessions for the few chains the scenario catalogue cannot record on demand; every attack and
/// benign path the catalogue can record is tested on its golden trace instead (<see cref="GoldenTrace"/>).</summary>
/// <remarks>
/// What is here, and why it is not a catalogue scenario: a statement run through the extended query protocol (psql 15
/// has no <c>\bind</c>, and scenarios are psql sessions); a base type's input function (it must be written in C, which
/// only a superuser can create, so no role could plant it); and the provenance builder's choices on inputs PostgreSQL
/// produces only by timing or never (row security policies of a statement whose plan was not recorded, a relation described
/// again between analysis and execution, stored code of a relation that is only read, an operator whose function
/// another role owns, DDL under a foreign-key check query, a prepared statement's name reused, a PL/pgSQL plan reused
/// with no analysis or plan at its second run). alice (superuser) is the
/// victim; mallory's code ends in <c>ALTER ROLE mallory SUPERUSER</c>; with <c>trusted</c>, mallory and bob are
/// superusers too.
/// </remarks>
internal static class EdgeCaseScripts
{
    public const uint Alice = 10;
    public const uint Mallory = 16384;
    public const uint Bob = 16385;

    public const uint VBait = 16400;
    public const uint VInner = 16401;
    public const uint FEvil = 16410;
    public const uint FIdx = 16411;
    public const uint BobEq = 16415;
    public const uint BobReport = 16414;
    public const uint ComplexIn = 16416;
    public const uint TrgFn = 16418;
    public const uint EtFn = 16419;
    public const uint T = 16420;
    public const uint TIdx = 16421;
    public const uint TRls = 16422;
    public const uint Child = 16425;
    public const uint BobParent = 16426;
    public const uint Trg = 16430;
    public const uint IdxExpr = 16440;
    public const uint CheckC = 16450;
    public const uint Rule = 16460;
    public const uint PPos = 16470;
    public const uint PNeg = 16471;
    public const uint EventTrg = 16435;
    public const uint Complex = 16481;
    public const uint Celsius = 16482;
    public const uint Eq = 16490;
    public const uint Sum = 16495;
    public const uint SumStep = 16496;

    public const long QSelect = 7001;
    public const long QInsert = 7002;
    public const long QAlter = 7099;

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

    public static RelationCode CheckCode() => Code(checks: [new StoredCheck(CheckC, "t_c_check", [FEvil])]);

    /// <summary>alice: SELECT '(1,2)'::mallory.complex; parse analysis runs the type's input function.</summary>
    public static SessionScript TypeInput(bool trusted)
    {
        var s = Begin(trusted);
        s.Function(ComplexIn, "mallory", "complex_in", "cstring", Mallory, "c", role: "type_input");
        s.Type(Complex, "mallory", "complex", "b", Mallory, input: ComplexIn);
        Escalate(s, s.Entered(0, 0, Alice, ComplexIn, location: -2, reachedBy: "other", phase: "parse"), 1);
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

    /// <summary>mallory's operator mallory.= (found first on alice's search_path) points at bob's function; bob's function
    /// creates a table. The operator's owner, not the function's, brought the call.</summary>
    public static SessionScript OperatorOverAnotherOwnersFunction(bool trusted)
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

    public static RelationCode Code(
        StoredDefault[]? defaults = null, StoredCheck[]? checks = null, StoredIndex[]? indexes = null, StoredRule[]? rules = null,
        StoredPolicy[]? policies = null, DomainColumn[]? domains = null) =>
        new(defaults ?? [], checks ?? [], indexes ?? [], rules ?? [], policies ?? [], domains ?? []);

    /// <summary>How a maintenance command runs an index's code: as the table owner, in a security-restricted operation.</summary>
    public const SecurityContext Restricted = SecurityContext.LocalUserIdChange | SecurityContext.RestrictedOperation;

    public static SessionScript Begin(bool trusted, uint sessionUser = Alice)
    {
        var s = new SessionScript();
        s.Started2("tracelab_demo", sessionUser);
        s.Role(Alice, "alice", superuser: true);
        s.Role(Mallory, "mallory", superuser: trusted);
        s.Role(Bob, "bob", superuser: trusted);
        s.Function(FEvil, "mallory", "f_evil", "", Mallory);
        return s;
    }

    /// <summary>mallory's code escalates: ALTER ROLE mallory SUPERUSER, run as <paramref name="user"/>.</summary>
    public static long Escalate(SessionScript s, long call, int depth, uint user = Alice) =>
        s.Utility(call, depth, user, QAlter, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");

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
