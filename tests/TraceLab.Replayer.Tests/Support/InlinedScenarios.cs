using TraceLab.Events;
using static TraceLab.Replayer.Tests.Support.EdgeCaseScripts;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>Sessions as probe 0.4 records them when PostgreSQL inlines SQL functions (FORMAT.md, "Inlined calls").</summary>
/// <remarks>
/// mallory's <c>wrap()</c> is <c>LANGUAGE sql AS 'SELECT alice.make_table()'</c>: the planner replaces the call by the
/// body, so wrap never runs, and alice's PL/pgSQL <c>make_table()</c> runs from the statement as alice, with a location
/// relative to wrap's text. bob's <c>wrap2()</c> may call make_table too; mallory's <c>f_sql(integer)</c> is inlined
/// inside other bodies.
/// </remarks>
internal static class InlinedScenarios
{
    public const uint Wrap = 16600;
    public const uint FSql = 16601;
    public const uint MakeTable = 16602;
    public const uint Wrap2 = 16603;
    public const uint VWrap = 16604;

    public const long QWrap = 7100;
    public const string WrapText = "SELECT mallory.wrap()";

    /// <summary>alice: SELECT mallory.f_sql(1); the planner inlines f_sql and nothing else runs.</summary>
    public static SessionScript InlinedFunction(bool trusted)
    {
        const string text = "SELECT mallory.f_sql(1)";
        var s = Begin(trusted);
        Functions(s);
        s.Analysis(QWrap, "SELECT", text);
        var plan = s.Plan(0, 0, Alice, QWrap, text);
        s.InlinedCall(plan, 1, Alice, FSql, 7, []);
        s.PlanFinished(plan);
        s.Finished(s.Statement(0, 0, Alice, QWrap, "SELECT", text));
        return s;
    }

    /// <summary>alice: <paramref name="text"/>; the plan inlines wrap (at <paramref name="wrapLocation"/>), and
    /// make_table, called from <paramref name="location"/>, creates a table as alice.</summary>
    public static SessionScript WrapMakesTable(bool trusted, int location, string text = WrapText, int wrapLocation = 7)
    {
        var s = Begin(trusted);
        Functions(s);
        s.Analysis(QWrap, "SELECT", text);
        var plan = s.Plan(0, 0, Alice, QWrap, text);
        s.InlinedCall(plan, 1, Alice, Wrap, wrapLocation, [MakeTable]);
        s.PlanFinished(plan);
        MakeTableRuns(s, s.Statement(0, 0, Alice, QWrap, "SELECT", text), location);
        return s;
    }

    /// <summary>alice: SELECT mallory.wrap(), bob.wrap2(); both bodies may call make_table, which runs once, location -1.</summary>
    public static SessionScript TwoWrappers(bool trusted)
    {
        const string text = "SELECT mallory.wrap(), bob.wrap2()";
        var s = Begin(trusted);
        Functions(s);
        s.Analysis(QWrap, "SELECT", text);
        var plan = s.Plan(0, 0, Alice, QWrap, text);
        s.InlinedCall(plan, 1, Alice, Wrap, 7, [MakeTable]);
        s.InlinedCall(plan, 1, Alice, Wrap2, 22, [MakeTable, FSql]);
        s.PlanFinished(plan);
        MakeTableRuns(s, s.Statement(0, 0, Alice, QWrap, "SELECT", text), -1);
        return s;
    }

    /// <summary>alice: SELECT mallory.wrap(); wrap's body calls f_sql, inlined inside it (location -1), and f_sql's body
    /// calls make_table.</summary>
    public static SessionScript NestedInlining(bool trusted)
    {
        var s = Begin(trusted);
        Functions(s);
        s.Analysis(QWrap, "SELECT", WrapText);
        var plan = s.Plan(0, 0, Alice, QWrap, WrapText);
        s.InlinedCall(plan, 1, Alice, Wrap, 7, [FSql]);
        s.InlinedCall(plan, 1, Alice, FSql, -1, [MakeTable]);
        s.PlanFinished(plan);
        MakeTableRuns(s, s.Statement(0, 0, Alice, QWrap, "SELECT", WrapText), -1);
        return s;
    }

    /// <summary>alice: SELECT * FROM bob.v_wrap; bob's view calls wrap, inlined from the view (location -1).</summary>
    public static SessionScript WrapInView(bool trusted)
    {
        const string text = "SELECT * FROM bob.v_wrap";
        var s = Begin(trusted);
        Functions(s);
        s.Relation(VWrap, "bob", "v_wrap", "v", Bob);
        s.Analysis(QWrap, "SELECT", text, [new ExpandedView(VWrap, -1, [Wrap])]);
        var plan = s.Plan(0, 0, Alice, QWrap, text);
        s.InlinedCall(plan, 1, Alice, Wrap, -1, [MakeTable]);
        s.PlanFinished(plan);
        MakeTableRuns(s, s.Statement(0, 0, Alice, QWrap, "SELECT", text), -1);
        return s;
    }

    /// <summary>alice calls her function run_wrap(), whose PL/pgSQL statement SELECT mallory.wrap() has no query id:
    /// its plan is the one just before it under the same function.</summary>
    public static SessionScript WrapWithoutQueryId(bool trusted)
    {
        const string text = "SELECT run_wrap()";
        var s = Begin(trusted);
        Functions(s);
        s.Function(MakeTable + 10, "alice", "run_wrap", "", Alice);
        s.Analysis(QSelect, "SELECT", text);
        var top = s.Statement(0, 0, Alice, QSelect, "SELECT", text);
        var runWrap = s.Entered(top, 1, Alice, MakeTable + 10, 7, phase: "execution");
        var plan = s.Plan(runWrap, 2, Alice, 0, WrapText);
        s.InlinedCall(plan, 3, Alice, Wrap, 7, [MakeTable]);
        s.PlanFinished(plan);
        MakeTableRuns(s, s.Statement(runWrap, 2, Alice, 0, "SELECT", WrapText), -1, depth: 3);
        return s;
    }

    /// <summary>alice runs SELECT mallory.wrap() twice with a PL/pgSQL const-folded call from the body while planning
    /// (make_table, immutable): the probe writes the inlining in progress before the folded call.</summary>
    public static SessionScript ConstFoldedBody(bool trusted)
    {
        var s = Begin(trusted);
        Functions(s);
        for (var run = 0; run < 2; run++)
        {
            s.Analysis(QWrap, "SELECT", WrapText);
            var plan = s.Plan(0, 0, Alice, QWrap, WrapText);
            s.InlinedCall(plan, 1, Alice, Wrap, 7, [MakeTable]);
            MakeTableRuns(s, plan, -1, phase: "planning");
            s.PlanFinished(plan);
            s.Finished(s.Statement(0, 0, Alice, QWrap, "SELECT", WrapText));
            s.TransactionEnded();
        }

        return s;
    }

    /// <summary>alice runs SELECT mallory.wrap() <paramref name="runs"/> times, each planned again and inlining wrap; the
    /// seq of the statement of each run.</summary>
    public static (SessionScript Script, List<long> Statements) RepeatedWrap(int runs)
    {
        var s = Begin(trusted: false);
        Functions(s);
        var statements = new List<long>();
        for (var run = 0; run < runs; run++)
        {
            s.Analysis(QWrap, "SELECT", WrapText);
            var plan = s.Plan(0, 0, Alice, QWrap, WrapText);
            s.InlinedCall(plan, 1, Alice, Wrap, 7, [MakeTable]);
            s.PlanFinished(plan);
            var select = s.Statement(0, 0, Alice, QWrap, "SELECT", WrapText);
            statements.Add(select);
            MakeTableRuns(s, select, -1);
            s.Finished(select);
            s.TransactionEnded();
        }

        return (s, statements);
    }

    /// <summary>make_table runs under <paramref name="parent"/> and creates alice.t as alice.</summary>
    public static void MakeTableRuns(SessionScript s, long parent, int location, int depth = 1, string phase = "execution")
    {
        var call = s.Entered(parent, depth, Alice, MakeTable, location, phase: phase);
        s.Finished(s.Utility(call, depth + 1, Alice, 7200, "CREATE TABLE", "CREATE TABLE alice.t(i integer)"));
        s.Exited(call);
    }

    private static void Functions(SessionScript s)
    {
        s.Function(Wrap, "mallory", "wrap", "", Mallory, language: "sql");
        s.Function(FSql, "mallory", "f_sql", "integer", Mallory, language: "sql");
        s.Function(MakeTable, "alice", "make_table", "", Alice);
        s.Function(Wrap2, "bob", "wrap2", "", Bob, language: "sql");
    }
}
