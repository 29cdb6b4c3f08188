using TraceLab.Events;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>The demo's sessions as the first probe (spool format version 1) wrote them, frame for frame: no phases, no
/// analysis frames.</summary>
/// <remarks>Recordings a store may still hold from that probe; the golden traces of today's probe cannot stand in for
/// them. Today's recordings of the same paths are the catalogue's golden traces (<see cref="DemoTraces"/>).</remarks>
internal static class Version1Sessions
{
    public const string ViewSessionId = "4242-1780000000000000";
    public const string TriggerSessionId = "4243-1780000000500000";
    public const string BenignSessionId = "4244-1780000000900000";

    public const uint Alice = 10;
    public const uint Mallory = 16384;
    public const uint Bob = 16385;
    public const uint VBait = 16400;
    public const uint VInner = 16401;
    public const uint FEvil = 16410;
    public const uint TrgFn = 16411;
    public const uint MakeSummary = 16412;
    public const uint TOrders = 16420;
    public const uint TrgOrders = 16430;
    public const long Q1 = 4_611_686_018_427_387_001;
    public const long Q2 = -3_141_592_653_589_793;

    /// <summary>alice runs SELECT * FROM mallory.v_bait; v_inner's body calls f_evil, which runs ALTER ROLE mallory SUPERUSER.</summary>
    public static SessionScript ViewAttack()
    {
        var s = new SessionScript();
        s.Started("tracelab_demo", Alice, "tracelab-demo:attack-view");
        s.Role(Alice, "alice", superuser: true);
        s.Role(Mallory, "mallory");
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Relation(VInner, "mallory", "v_inner", "v", Mallory);
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        s.Analyzed(Q1, "SELECT", new ExpandedView(VBait, -1, []), new ExpandedView(VInner, 0, [FEvil]));
        var select = s.Statement(0, 0, Alice, Q1, "SELECT", "SELECT * FROM mallory.v_bait");
        var call = s.Entered(select, 1, Alice, FEvil);
        var alter = s.Utility(call, 2, Alice, Q2, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");
        s.Finished(alter);
        s.Exited(call);
        s.Finished(select, rows: 1);
        s.TransactionEnded();
        s.Ended();
        return s;
    }

    /// <summary>alice inserts into mallory.t_orders; mallory's row trigger runs ALTER ROLE mallory SUPERUSER.</summary>
    public static SessionScript TriggerAttack()
    {
        var s = new SessionScript();
        s.Started("tracelab_demo", Alice, "tracelab-demo:attack-trigger");
        s.Role(Alice, "alice", superuser: true);
        s.Role(Mallory, "mallory");
        s.Relation(TOrders, "mallory", "t_orders", "r", Mallory);
        var insert = s.Statement(0, 0, Alice, 77, "INSERT", "INSERT INTO mallory.t_orders VALUES (1,'x')");
        s.Function(TrgFn, "mallory", "trg_fn", "", Mallory);
        var trigger = new TriggerContext(TrgOrders, "trg_orders", TOrders, "B", "R", "I");
        var call = s.Entered(insert, 1, Alice, TrgFn, location: -2, reachedBy: "trigger", trigger: trigger);
        var alter = s.Utility(call, 2, Alice, Q2, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");
        s.Finished(alter);
        s.Exited(call);
        s.Finished(insert, rows: 1);
        s.TransactionEnded();
        s.Ended();
        return s;
    }

    /// <summary>bob calls his own bob.make_summary(), which runs CREATE TABLE IF NOT EXISTS bob.summary(n int).</summary>
    public static SessionScript BenignBob()
    {
        var s = new SessionScript();
        s.Started("tracelab_demo", Bob, "tracelab-demo:benign");
        s.Role(Bob, "bob");
        s.Function(MakeSummary, "bob", "make_summary", "", Bob);
        var select = s.Statement(0, 0, Bob, 88, "SELECT", "SELECT bob.make_summary()");
        var call = s.Entered(select, 1, Bob, MakeSummary, location: 7);
        var create = s.Utility(call, 2, Bob, 89, "CREATE TABLE", "CREATE TABLE IF NOT EXISTS bob.summary(n int)");
        s.Finished(create);
        s.Exited(call);
        s.Finished(select, rows: 1);
        s.TransactionEnded();
        s.Ended();
        return s;
    }
}
