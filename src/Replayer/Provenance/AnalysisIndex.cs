using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>The latest parse analysis and finished plan (its applied row security and inlined calls) per query id, for
/// statements that come after them.</summary>
/// <remarks>
/// <para>
/// A statement's analysis is the latest QueryAnalyzed with its query id and a lower seq: for a cached plan (a protocol
/// statement bound again, an EXECUTE, a PL/pgSQL statement on its second call) that is the analysis of the first run,
/// which is exactly what the plan was built from. A protocol statement takes the latest top-level analysis (its Parse).
/// Query id 0 means PostgreSQL computed none; then only the analysis or plan immediately before, under the same
/// parent frame, is taken, never one of another statement that happens to have no id either. A statement's plan is
/// found the same way: the latest finished plan with its query id, or for query id 0 the plan finished just before
/// under the same parent.
/// </para>
/// <para>
/// The role that prepared a protocol statement is the one its Parse ran under. A Parse sent on its own (a driver's
/// Prepare: Parse, Describe, Sync) ends its transaction before anything plans it; a cached statement revalidated at
/// Bind, possibly under another role (search_path's "$user" changed with SET ROLE), is analysed again and planned in
/// the same transaction. So the Parse is the latest top-level analysis that reached a transaction end unplanned, else
/// the latest top-level analysis (Parse, Bind and Execute sent together).
/// </para>
/// <para>Memory is bounded by the number of distinct query ids of the session.</para>
/// </remarks>
internal sealed class AnalysisIndex
{
    private readonly Dictionary<long, QueryAnalyzed> byQueryId = [];
    private readonly Dictionary<long, QueryAnalyzed> topLevelByQueryId = [];
    private readonly Dictionary<long, QueryAnalyzed> parsesByQueryId = [];
    private readonly Dictionary<long, FinishedPlan> plansByQueryId = [];
    private QueryAnalyzed? unplannedTopLevel;
    private QueryAnalyzed? last;
    private (long Parent, FinishedPlan Plan)? lastPlan;

    /// <summary>Entries remembered over all query ids, each inlined call of a remembered plan counted.</summary>
    public int Count =>
        byQueryId.Count + topLevelByQueryId.Count + parsesByQueryId.Count + plansByQueryId.Values.Sum(p => 1 + p.InlinedCalls.Count);

    public void Add(QueryAnalyzed analysis)
    {
        last = analysis;
        if (analysis.QueryId == 0)
        {
            return;
        }

        byQueryId[analysis.QueryId] = analysis;
        if (analysis.Frame.Parent == 0)
        {
            topLevelByQueryId[analysis.QueryId] = analysis;
            unplannedTopLevel = analysis;
        }
    }

    /// <summary>A plan started: the top-level analysis before it was not a Parse on its own.</summary>
    public void Planned(PlanStarted plan)
    {
        if (plan.Frame.Parent == 0)
        {
            unplannedTopLevel = null;
        }
    }

    /// <summary>A statement started: a top-level analysis of the same query was the statement's own (a simple query,
    /// or a utility command, which is never planned), not a Parse on its own.</summary>
    /// <remarks>Without this, every distinct unplanned simple query would also be remembered as a Parse: still bounded
    /// by the distinct query ids, but a third copy of each, and a wrong one for <see cref="FindParse"/>.</remarks>
    public void Started(StatementStarted statement)
    {
        if (statement.Frame.Parent == 0 && unplannedTopLevel is { } analysis && analysis.QueryId == statement.QueryId)
        {
            unplannedTopLevel = null;
        }
    }

    /// <summary>A transaction ended: a top-level analysis still unplanned was a Parse sent on its own.</summary>
    public void TransactionEnded()
    {
        if (unplannedTopLevel is { } parse)
        {
            parsesByQueryId[parse.QueryId] = parse;
            unplannedTopLevel = null;
        }
    }

    /// <summary>The Parse of a protocol statement with <paramref name="queryId"/> (see the remarks).</summary>
    public QueryAnalyzed? FindParse(long queryId) =>
        queryId != 0 && parsesByQueryId.TryGetValue(queryId, out var parse) ? parse : FindTopLevel(queryId);

    /// <summary>A plan finished under <paramref name="parentSeq"/>.</summary>
    public void AddPlan(long queryId, long parentSeq, FinishedPlan plan)
    {
        lastPlan = (parentSeq, plan);
        if (queryId != 0)
        {
            plansByQueryId[queryId] = plan;
        }
    }

    public QueryAnalyzed? Find(long queryId, long parentSeq) =>
        queryId != 0 ? byQueryId.GetValueOrDefault(queryId)
        : last is { } a && a.QueryId == 0 && a.Frame.Parent == parentSeq ? a
        : null;

    public QueryAnalyzed? FindTopLevel(long queryId) =>
        queryId != 0 ? topLevelByQueryId.GetValueOrDefault(queryId) : Find(queryId, 0);

    /// <summary>The plan a statement with <paramref name="queryId"/> under <paramref name="parentSeq"/> runs, if it was
    /// recorded.</summary>
    public FinishedPlan? PlanOf(long queryId, long parentSeq) =>
        queryId != 0 ? plansByQueryId.GetValueOrDefault(queryId)
        : lastPlan is { } p && p.Parent == parentSeq ? p.Plan
        : null;

    /// <summary>The latest finished plan of the query a plan being built is for: nothing for query id 0, whose plan
    /// finished just before belongs to another statement.</summary>
    public FinishedPlan? EarlierPlan(long queryId) => queryId != 0 ? plansByQueryId.GetValueOrDefault(queryId) : null;
}
