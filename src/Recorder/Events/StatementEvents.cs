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

/// <summary>Parse analysis of a query that references views: the views as the rewriter will expand them.</summary>
public sealed record QueryAnalyzed(
    FrameHeader Frame,
    long QueryId,
    string CommandTag,
    IReadOnlyList<ExpandedView> Views) : IRecordedFrame;

/// <summary>A statement began: a planned statement at ExecutorStart or a utility command, at any depth.</summary>
public sealed record StatementStarted(
    FrameHeader Frame,
    long QueryId,
    string CommandTag,
    StatementKind Kind,
    StatementContext Context,
    string Text) : IRecordedFrame;

/// <summary>How a statement or function call ended.</summary>
public enum FrameOutcome
{
    Succeeded = 0,
    Failed = 1,
}

/// <summary>The statement started by frame <paramref name="StatementSeq"/> ended.</summary>
public sealed record StatementFinished(
    FrameHeader Frame,
    long StatementSeq,
    FrameOutcome Outcome,
    string SqlState,
    long Rows) : IRecordedFrame;
