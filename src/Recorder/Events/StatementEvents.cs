namespace TraceLab.Events;

/// <summary>Whether a statement was run by the executor or is a utility command.</summary>
public enum StatementKind
{
    Planned = 0,
    Utility = 1,
}

/// <summary>Where a statement came from (PostgreSQL's ProcessUtilityContext, extended to planned statements).</summary>
public enum StatementContext
{
    TopLevel = 0,
    Query = 1,
    QueryNonAtomic = 2,
    Subcommand = 3,
}

/// <summary>One view reached while expanding an analysed query.</summary>
/// <param name="ViewOid">The view.</param>
/// <param name="ParentIndex">Index of the view whose body referenced this one, or -1 for the query itself.</param>
/// <param name="FunctionOids">User functions that occur in this view's own body.</param>
public sealed record ExpandedView(uint ViewOid, int ParentIndex, IReadOnlyList<uint> FunctionOids);

/// <summary>Parse analysis of a query: the views the rewriter will expand and the relations, aggregates and domains whose
/// stored code may run (format 1 emitted it only for queries with views).</summary>
/// <param name="Relations">Table-like relations the query references directly or through its views.</param>
/// <param name="Aggregates">Aggregates whose aggregate or support functions are user functions.</param>
/// <param name="Domains">Domain types the query coerces to.</param>
public sealed record QueryAnalyzed(
    FrameHeader Frame,
    long QueryId,
    string CommandTag,
    IReadOnlyList<ExpandedView> Views,
    IReadOnlyList<AnalyzedRelation>? Relations = null,
    IReadOnlyList<AnalyzedAggregate>? Aggregates = null,
    IReadOnlyList<uint>? Domains = null,
    string Text = "") : IRecordedFrame;

/// <summary>A relation an analysed query references; <paramref name="Target"/> for the INSERT/UPDATE/DELETE/MERGE target.</summary>
public sealed record AnalyzedRelation(uint RelationOid, bool Target);

/// <summary>An aggregate an analysed query calls, with its user support functions.</summary>
public sealed record AnalyzedAggregate(uint AggregateOid, IReadOnlyList<uint> FunctionOids);

/// <summary>A statement began: a planned statement at ExecutorStart or a utility command, at any depth.</summary>
/// <param name="Prepared">The prepared statement this statement defines (PREPARE) or runs (EXECUTE, protocol Execute).</param>
/// <param name="Portal">For a top-level statement run through a portal of the extended protocol.</param>
/// <param name="Origin">Empty, or <c>foreign_key</c> for a query a foreign-key constraint runs.</param>
/// <param name="Targets">Relations a utility command names (VACUUM, ANALYZE, COPY, TRUNCATE, …).</param>
/// <param name="Copy">Set for COPY.</param>
/// <param name="Plpgsql">The PL/pgSQL statement that ran this statement, when <c>tracelab.plpgsql_statements</c> was on
/// (probe 0.4); null otherwise, and for events recorded before.</param>
public sealed record StatementStarted(
    FrameHeader Frame,
    long QueryId,
    string CommandTag,
    StatementKind Kind,
    StatementContext Context,
    string Text,
    PreparedStatementReference? Prepared = null,
    PortalReference? Portal = null,
    string Origin = "",
    IReadOnlyList<uint>? Targets = null,
    CopyDetails? Copy = null,
    PlpgsqlStatement? Plpgsql = null) : IRecordedFrame;

/// <summary>A prepared statement: its name, and the seq of the PREPARE that defined it (0 when not recorded).</summary>
public sealed record PreparedStatementReference(string Name, long PrepareSeq);

/// <summary>The extended-protocol portal a statement ran in; <paramref name="CachedPlan"/> when its plan came from the plan cache.</summary>
public sealed record PortalReference(string Name, bool CachedPlan);

/// <summary>What a COPY reads or writes: a file, a program's command line, or (empty) the client.</summary>
public sealed record CopyDetails(bool IsFrom, bool IsProgram, string Target);

/// <summary>The PL/pgSQL statement that ran a nested statement: its line in the function's body and its kind.</summary>
/// <param name="Line">The line number PL/pgSQL reports for the statement (as in an error's CONTEXT line).</param>
/// <param name="Statement">The kind of PL/pgSQL statement: PostgreSQL's <c>PLpgSQL_stmt_type</c> name without its
/// prefix, in lower case (<c>execsql</c>, <c>dynexecute</c>, <c>perform</c>, <c>return</c>, …).</param>
public sealed record PlpgsqlStatement(int Line, string Statement);

/// <summary>The planner started planning a statement: user code it runs belongs to the planning phase.</summary>
/// <param name="CursorOptions">PostgreSQL's CURSOR_OPT_* bits.</param>
/// <param name="BoundParams">A custom plan for bound parameter values.</param>
public sealed record PlanStarted(
    FrameHeader Frame,
    long QueryId,
    int CursorOptions,
    bool BoundParams,
    string Text) : IRecordedFrame;

/// <summary>Row-level-security policies applied to a relation in a plan.</summary>
public sealed record AppliedRowSecurity(uint RelationOid, IReadOnlyList<uint> PolicyOids);

/// <summary>The plan started at <paramref name="PlanSeq"/> is built (or failed).</summary>
public sealed record PlanFinished(
    FrameHeader Frame,
    long PlanSeq,
    FrameOutcome Outcome,
    string SqlState,
    IReadOnlyList<AppliedRowSecurity> RowSecurity) : IRecordedFrame;

/// <summary>How a statement or function call ended.</summary>
public enum FrameOutcome
{
    Succeeded = 0,
    Failed = 1,
}

/// <summary>The statement started by frame <paramref name="StatementSeq"/> ended.</summary>
/// <param name="EndsTransaction">Set when the statement's transaction ended right after it, with this outcome, and the
/// probe wrote no TransactionEnded of its own for it (probe 0.5, FORMAT.md <c>transaction_ended</c>); readers get that
/// TransactionEnded from <see cref="ImpliedTransactionEnd"/>. Null otherwise, and in recordings made before.</param>
public sealed record StatementFinished(
    FrameHeader Frame,
    long StatementSeq,
    FrameOutcome Outcome,
    string SqlState,
    long Rows,
    TransactionOutcome? EndsTransaction = null) : IRecordedFrame
{
    /// <summary>The TransactionEnded this frame stands for (<see cref="EndsTransaction"/>): this frame's prefix with the
    /// next seq, which the probe kept for it; null when there is none.</summary>
    public TransactionEnded? ImpliedTransactionEnd =>
        EndsTransaction is { } outcome ? new TransactionEnded(Frame with { Seq = Frame.Seq + 1 }, outcome) : null;
}
