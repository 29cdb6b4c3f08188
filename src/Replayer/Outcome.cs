namespace TraceLab.Replayer;

/// <summary>What would have happened to an operation under one policy, had the policy been enforced.</summary>
/// <remarks>
/// <para>The first three are the policy's own verdict on an operation that would have been reached. The last three are
/// counterfactual: an earlier operation was blocked under the <em>same</em> policy, so this one would not have run as
/// recorded (DESIGN.md, "Replay semantics").</para>
/// <para>JSON and every report spell them <c>allowed</c>, <c>blocked</c>, <c>warned</c>, <c>not_reached</c>,
/// <c>aborted</c> and <c>handler_would_run</c>.</para>
/// </remarks>
public enum Outcome
{
    /// <summary>The policy allows the operation.</summary>
    Allowed = 0,

    /// <summary>The policy blocks the operation: PostgreSQL would have raised its error here.</summary>
    Blocked = 1,

    /// <summary>The policy lets the operation run but warns.</summary>
    Warned = 2,

    /// <summary>An earlier block in the same top-level statement would have ended the statement before this.</summary>
    NotReached = 3,

    /// <summary>A later statement of a transaction an earlier block would have aborted (until the transaction ends or a
    /// ROLLBACK TO a savepoint opened before the block).</summary>
    Aborted = 4,

    /// <summary>The earlier block fell inside a PL/pgSQL EXCEPTION block of an enclosing function: its handler would
    /// have run instead, so what follows in that function is uncertain and not judged.</summary>
    HandlerWouldRun = 5,
}
