using TraceLab.Events;

namespace TraceLab.Benchmarks;

/// <summary>Generates recorded sessions frame by frame, as the probe would write them: the shapes of real traffic
/// (plain statements, views that call functions, row triggers running their own statements, calls of one's own code,
/// explicit transactions with savepoints and PL/pgSQL EXCEPTION blocks, DDL reached through another role's function,
/// utility commands) in proportions that make every built-in policy block, abort and catch along the way.</summary>
/// <remarks>Deterministic (a seed per session) and lazy: a session of millions of frames is never held in memory.
/// Frame counts per session are a target: the last transaction is finished, so a session may run a few frames over.</remarks>
internal static class SyntheticSessions
{
    private const long Epoch = 1_780_000_000_000_000;
    private const uint Alice = 10;
    private const uint Mallory = 16384;
    private const uint Bob = 16385;
    private const uint FOwn = 16500;
    private const uint FEvil = 16501;
    private const uint FCareful = 16502;
    private const uint FHelper = 16503;
    private const uint FTrigger = 16504;
    private const uint VBait = 16600;
    private const uint TOrders = 16601;

    /// <summary>The stream key of session <paramref name="index"/>, in the recorder's pid-backendstart form.</summary>
    public static string IdOf(int index) => FormattableString.Invariant($"{50_000 + index}-{Epoch + (index * 1_000L)}");

    /// <summary>Session <paramref name="index"/>: about <paramref name="frames"/> frames; a superuser's every other
    /// session, an application role's otherwise.</summary>
    public static IEnumerable<IRecordedFrame> Session(int index, long frames)
    {
        var writer = new Writer(index % 2 == 0 ? Alice : Bob, new Random(index + 1));
        foreach (var frame in writer.Prologue(index))
        {
            yield return frame;
        }

        var buffer = new List<IRecordedFrame>(64);
        while (writer.Count < frames - 1)
        {
            buffer.Clear();
            writer.Transaction(buffer);
            foreach (var frame in buffer)
            {
                yield return frame;
            }
        }

        yield return writer.End();
    }

    private sealed class Writer(uint user, Random random)
    {
        private long seq;
        private long subtransactions = 1;

        public long Count => seq;

        public IEnumerable<IRecordedFrame> Prologue(int index)
        {
            yield return new SessionStarted(
                H(0, 0), 2, "0.2", 150008, 7_300_000_000_000_000_001, 50_000 + index, Epoch + (index * 1_000L), 16388, "bench", user,
                "bench", "client backend");
            yield return new RoleDescribed(H(0, 0), Alice, "alice", true, true, true, true);
            yield return new RoleDescribed(H(0, 0), Mallory, "mallory", false, true, true, false);
            yield return new RoleDescribed(H(0, 0), Bob, "bob", false, true, true, false);
            yield return Function(FOwn, "bob", "own", Bob);
            yield return Function(FEvil, "mallory", "f_evil", Mallory);
            yield return Function(FCareful, "mallory", "careful", Mallory);
            yield return Function(FHelper, "mallory", "helper", Mallory);
            yield return Function(FTrigger, "mallory", "trg_fn", Mallory);
            yield return new RelationDescribed(H(0, 0), VBait, "mallory", "v_bait", "v", Mallory, false, false);
            yield return new RelationDescribed(H(0, 0), TOrders, "mallory", "t_orders", "r", Mallory, false, false);
        }

        public SessionEnded End() => new SessionEnded(H(0, 0));

        public void Transaction(List<IRecordedFrame> f)
        {
            var roll = random.Next(100);
            switch (roll)
            {
                case < 40:
                    Plain(f, "SELECT", 1_000 + random.Next(200));
                    break;
                case < 55:
                    ThroughView(f);
                    break;
                case < 70:
                    WithTrigger(f);
                    break;
                case < 80:
                    OwnCode(f);
                    break;
                case < 90:
                    CaughtDdl(f);
                    break;
                case < 98:
                    AbortingDdl(f);
                    break;
                default:
                    Plain(f, "SET", 0, StatementKind.Utility);
                    break;
            }
        }

        /// <summary>An autocommit statement: analysed, run, finished.</summary>
        private void Plain(List<IRecordedFrame> f, string tag, long queryId, StatementKind kind = StatementKind.Planned)
        {
            var text = tag + " " + queryId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            f.Add(new QueryAnalyzed(H(0, 0), queryId, tag, [], Text: text));
            var statement = Top(f, queryId, tag, kind, text);
            f.Add(new StatementFinished(H(0, 0), statement, FrameOutcome.Succeeded, "", 1));
            f.Add(new TransactionEnded(H(0, 0), TransactionOutcome.Committed));
        }

        /// <summary>SELECT from mallory's view, whose body calls mallory's helper, which runs a query.</summary>
        private void ThroughView(List<IRecordedFrame> f)
        {
            f.Add(new QueryAnalyzed(H(0, 0), 2_000, "SELECT", [new ExpandedView(VBait, -1, [FHelper])], Text: "SELECT * FROM mallory.v_bait"));
            var select = Top(f, 2_000, "SELECT", StatementKind.Planned, "SELECT * FROM mallory.v_bait");
            var call = Enter(f, select, 1, FHelper, -1);
            Nested(f, call, 2, "SELECT", StatementKind.Planned);
            Exit(f, call, 1);
            f.Add(new StatementFinished(H(0, 0), select, FrameOutcome.Succeeded, "", 3));
            f.Add(new TransactionEnded(H(0, 0), TransactionOutcome.Committed));
        }

        /// <summary>INSERT into mallory's table, whose row trigger inserts elsewhere.</summary>
        private void WithTrigger(List<IRecordedFrame> f)
        {
            f.Add(new QueryAnalyzed(H(0, 0), 3_000, "INSERT", [], [new AnalyzedRelation(TOrders, true)], Text: "INSERT INTO mallory.t_orders"));
            var insert = Top(f, 3_000, "INSERT", StatementKind.Planned, "INSERT INTO mallory.t_orders VALUES (1)");
            var trigger = new TriggerContext(16700, "trg_orders", TOrders, "A", "R", "I");
            var call = Add(f, h => new FunctionEntered(h, FTrigger, "trigger", -2, trigger, null, "execution"), insert, 1);
            Nested(f, call, 2, "INSERT", StatementKind.Planned);
            Exit(f, call, 1);
            f.Add(new StatementFinished(H(0, 0), insert, FrameOutcome.Succeeded, "", 1));
            f.Add(new TransactionEnded(H(0, 0), TransactionOutcome.Committed));
        }

        /// <summary>bob's own function, called in the statement, running a query.</summary>
        private void OwnCode(List<IRecordedFrame> f)
        {
            var select = Top(f, 4_000, "SELECT", StatementKind.Planned, "SELECT bob.own()");
            var call = Enter(f, select, 1, FOwn, 7);
            Nested(f, call, 2, "UPDATE", StatementKind.Planned);
            Exit(f, call, 1);
            f.Add(new StatementFinished(H(0, 0), select, FrameOutcome.Succeeded, "", 1));
            f.Add(new TransactionEnded(H(0, 0), TransactionOutcome.Committed));
        }

        /// <summary>BEGIN; SAVEPOINT; mallory.careful() runs DDL in an EXCEPTION block, then a helper; an UPDATE;
        /// sometimes ROLLBACK TO; COMMIT.</summary>
        private void CaughtDdl(List<IRecordedFrame> f)
        {
            Utility(f, "BEGIN");
            Utility(f, "SAVEPOINT");
            var savepoint = ++subtransactions;
            f.Add(new SubtransactionStarted(H(0, 0), savepoint, 1));
            var select = Top(f, 5_000, "SELECT", StatementKind.Planned, "SELECT mallory.careful()");
            var call = Enter(f, select, 1, FCareful, 7);
            var block = ++subtransactions;
            Add(f, h => new SubtransactionStarted(h, block, savepoint), call, 2);
            Nested(f, call, 2, random.Next(3) == 0 ? "ALTER ROLE" : "CREATE TABLE", StatementKind.Utility);
            var helper = Enter(f, call, 2, FHelper, 12);
            Nested(f, helper, 3, "SELECT", StatementKind.Planned);
            Exit(f, helper, 2);
            Add(f, h => new SubtransactionEnded(h, block, TransactionOutcome.Committed), call, 2);
            Exit(f, call, 1);
            f.Add(new StatementFinished(H(0, 0), select, FrameOutcome.Succeeded, "", 1));
            var update = Top(f, 5_001, "UPDATE", StatementKind.Planned, "UPDATE bob.t SET n = n + 1");
            f.Add(new StatementFinished(H(0, 0), update, FrameOutcome.Succeeded, "", 1));
            if (random.Next(2) == 0)
            {
                Utility(f, "ROLLBACK");
                f.Add(new SubtransactionEnded(H(0, 0), savepoint, TransactionOutcome.Aborted));
            }

            Utility(f, "COMMIT");
            f.Add(new TransactionEnded(H(0, 0), TransactionOutcome.Committed));
        }

        /// <summary>BEGIN; mallory.f_evil() runs ALTER ROLE with no handler; two more statements; COMMIT.</summary>
        private void AbortingDdl(List<IRecordedFrame> f)
        {
            Utility(f, "BEGIN");
            var select = Top(f, 6_000, "SELECT", StatementKind.Planned, "SELECT mallory.f_evil()");
            var call = Enter(f, select, 1, FEvil, 7);
            Nested(f, call, 2, "ALTER ROLE", StatementKind.Utility);
            Nested(f, call, 2, "SELECT", StatementKind.Planned);
            Exit(f, call, 1);
            f.Add(new StatementFinished(H(0, 0), select, FrameOutcome.Succeeded, "", 1));
            for (var i = 0; i < 2; i++)
            {
                var next = Top(f, 6_001 + i, "INSERT", StatementKind.Planned, "INSERT INTO bob.log VALUES (1)");
                f.Add(new StatementFinished(H(0, 0), next, FrameOutcome.Succeeded, "", 1));
            }

            Utility(f, "COMMIT");
            f.Add(new TransactionEnded(H(0, 0), TransactionOutcome.Committed));
        }

        private void Utility(List<IRecordedFrame> f, string tag)
        {
            var statement = Top(f, 0, tag, StatementKind.Utility, tag);
            f.Add(new StatementFinished(H(0, 0), statement, FrameOutcome.Succeeded, "", 0));
        }

        private long Top(List<IRecordedFrame> f, long queryId, string tag, StatementKind kind, string text) =>
            Add(f, h => new StatementStarted(h, queryId, tag, kind, StatementContext.TopLevel, text), 0, 0);

        private void Nested(List<IRecordedFrame> f, long parent, int depth, string tag, StatementKind kind)
        {
            var statement = Add(f, h => new StatementStarted(h, 0, tag, kind, StatementContext.Query, tag + " ..."), parent, depth);
            f.Add(new StatementFinished(H(parent, depth), statement, FrameOutcome.Succeeded, "", 1));
        }

        private long Enter(List<IRecordedFrame> f, long parent, int depth, uint function, int location) =>
            Add(f, h => new FunctionEntered(h, function, "call", location, null, null, "execution"), parent, depth);

        private void Exit(List<IRecordedFrame> f, long entered, int depth) =>
            f.Add(new FunctionExited(H(entered, depth), entered, FrameOutcome.Succeeded, ""));

        private long Add(List<IRecordedFrame> f, Func<FrameHeader, IRecordedFrame> make, long parent, int depth)
        {
            var header = H(parent, depth);
            f.Add(make(header));
            return header.Seq;
        }

        private FunctionDescribed Function(uint oid, string schema, string name, uint owner) =>
            new(H(0, 0), oid, schema, name, "", owner, false, "plpgsql", "f", "v", "void");

        private FrameHeader H(long parent, int depth)
        {
            seq++;
            return new FrameHeader(seq, parent, depth, Epoch + seq, user, user, SecurityContext.None);
        }
    }
}
