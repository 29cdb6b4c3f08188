using TraceLab.Events;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>Writes sessions the way counterfactual tests think of them: statements, calls, transactions and
/// subtransactions nested in code blocks, with parents and depths filled in from the nesting.</summary>
/// <remarks>alice (a superuser) runs everything; the functions are mallory's. Statements with a tag other than SELECT,
/// INSERT, UPDATE, DELETE or MERGE are utility commands.</remarks>
internal sealed class TransactionScript
{
    public const string SessionId = "4242-1780000000000000";
    public const uint Alice = 10;
    public const uint Mallory = 16384;
    public const uint F = 16410;
    public const uint G = 16411;
    public const uint H = 16412;
    public const uint TrgFn = 16413;
    public const uint Table = 16420;

    private readonly Stack<long> open = new();

    public TransactionScript()
    {
        Script.Started2("tracelab_test", Alice);
        Script.Role(Alice, "alice", superuser: true);
        Script.Role(Mallory, "mallory");
        Script.Function(F, "mallory", "f", "", Mallory);
        Script.Function(G, "mallory", "g", "", Mallory);
        Script.Function(H, "mallory", "h", "", Mallory);
        Script.Function(TrgFn, "mallory", "trg_fn", "", Mallory, role: "trigger");
        Script.Relation(Table, "mallory", "t", "r", Mallory);
    }

    public SessionScript Script { get; } = new();

    private long Parent => open.Count > 0 ? open.Peek() : 0;

    /// <summary>A statement (top level or nested in the block it is written in) and what runs inside it.</summary>
    public long Statement(
        string tag, Action? body = null, string? text = null, uint[]? targets = null, PreparedStatementReference? prepared = null)
    {
        var planned = tag is "SELECT" or "INSERT" or "UPDATE" or "DELETE" or "MERGE";
        var seq = Script.Statement(
            Parent, open.Count, Alice, tag.Sum(c => (long)c), tag, text ?? tag,
            planned ? StatementKind.Planned : StatementKind.Utility, prepared: prepared, targets: targets);
        Run(seq, body);
        Script.Finished(seq);
        return seq;
    }

    /// <summary>A call written in the enclosing statement or function.</summary>
    public long Call(uint function, Action? body = null)
    {
        var seq = Script.Entered(Parent, open.Count, Alice, function, location: 7);
        Run(seq, body);
        Script.Exited(seq);
        return seq;
    }

    /// <summary>The enclosing statement changed mallory's role (an ObjectChanged on pg_authid, as ALTER ROLE records it).</summary>
    public void MalloryChanged() => Script.Changed(Parent, open.Count, Alice, "alter", "role", "mallory");

    /// <summary>The enclosing statement created, altered or dropped an object (an ObjectChanged).</summary>
    public void Effect(string access, uint classId, uint oid, string identity, uint namespaceOid = 0) =>
        Script.Effect(Parent, open.Count, Alice, access, classId, oid, "object", identity, namespaceOid);

    /// <summary>A deferred trigger fired by COMMIT with no statement open.</summary>
    public long DeferredTrigger(Action? body = null)
    {
        var trigger = new TriggerContext(16430, "trg", Table, "A", "R", "I");
        var seq = Script.Entered(Parent, open.Count, Alice, TrgFn, location: -2, reachedBy: "trigger", trigger: trigger, phase: "commit");
        Run(seq, body);
        Script.Exited(seq);
        return seq;
    }

    /// <summary>BEGIN, as a top-level statement.</summary>
    public long Begin() => Statement("BEGIN");

    /// <summary>SAVEPOINT: the statement, then its subtransaction (started after the statement, with no parent).</summary>
    public long Savepoint(long id)
    {
        var seq = Statement("SAVEPOINT", text: $"SAVEPOINT s{id}");
        Script.SubtransactionStarted(id, parentId: 1);
        return seq;
    }

    /// <summary>ROLLBACK TO SAVEPOINT: the statement, then the savepoint's subtransaction rolled back and started again
    /// as <paramref name="newId"/>.</summary>
    public long RollbackTo(long id, long newId)
    {
        var seq = Statement("ROLLBACK", text: $"ROLLBACK TO SAVEPOINT s{id}");
        Script.SubtransactionEnded(id, TransactionOutcome.Aborted);
        Script.SubtransactionStarted(newId, parentId: 1);
        return seq;
    }

    /// <summary>A PL/pgSQL EXCEPTION block of the enclosing function: a subtransaction whose parent is the function.</summary>
    public void ExceptionBlock(long id, Action body, TransactionOutcome outcome = TransactionOutcome.Committed)
    {
        Script.SubtransactionStarted(id, Parent, open.Count);
        body();
        Script.SubtransactionEnded(id, outcome, Parent, open.Count);
    }

    /// <summary>COMMIT (or another ending statement), then the TransactionEnded.</summary>
    public long End(string tag = "COMMIT", Action? afterStatement = null)
    {
        var seq = Statement(tag);
        afterStatement?.Invoke();
        EndTransaction();
        return seq;
    }

    public void EndTransaction(TransactionOutcome outcome = TransactionOutcome.Committed) => Script.TransactionEnded(outcome);

    /// <summary>A top-level statement in an implicit transaction of its own.</summary>
    public long Single(
        string tag, Action? body = null, string? text = null, uint[]? targets = null, PreparedStatementReference? prepared = null)
    {
        var seq = Statement(tag, body, text, targets, prepared);
        EndTransaction();
        return seq;
    }

    public RecordedSession ToSession() => Script.ToSession(SessionId);

    private void Run(long seq, Action? body)
    {
        open.Push(seq);
        body?.Invoke();
        open.Pop();
    }
}
