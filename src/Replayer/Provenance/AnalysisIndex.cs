using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>The latest parse analysis and applied row security per query id, for statements that come after them.</summary>
/// <remarks>
/// <para>
/// A statement's analysis is the latest QueryAnalyzed with its query id and a lower seq: for a cached plan (a protocol
/// statement bound again, an EXECUTE, a PL/pgSQL statement on its second call) that is the analysis of the first run,
/// which is exactly what the plan was built from. A protocol statement takes the latest top-level analysis (its Parse).
/// Query id 0 means PostgreSQL computed none; then only the analysis or plan immediately before, under the same
/// parent frame, is taken, never one of another statement that happens to have no id either.
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
    private readonly Dictionary<long, IReadOnlyList<AppliedRowSecurity>> rowSecurityByQueryId = [];
    private QueryAnalyzed? unplannedTopLevel;
    private QueryAnalyzed? last;
    private (long Parent, IReadOnlyList<AppliedRowSecurity> Applied)? lastRowSecurity;

    /// <summary>Entries remembered over all query ids.</summary>
    public int Count => byQueryId.Count + topLevelByQueryId.Count + parsesByQueryId.Count + rowSecurityByQueryId.Count;

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

    public void AddRowSecurity(long queryId, long parentSeq, IReadOnlyList<AppliedRowSecurity> applied)
    {
        lastRowSecurity = (parentSeq, applied);
        if (queryId != 0)
        {
            rowSecurityByQueryId[queryId] = applied;
        }
    }

    public QueryAnalyzed? Find(long queryId, long parentSeq) =>
        queryId != 0 ? byQueryId.GetValueOrDefault(queryId)
        : last is { } a && a.QueryId == 0 && a.Frame.Parent == parentSeq ? a
        : null;

    public QueryAnalyzed? FindTopLevel(long queryId) =>
        queryId != 0 ? topLevelByQueryId.GetValueOrDefault(queryId) : Find(queryId, 0);

    public IReadOnlyList<AppliedRowSecurity>? RowSecurity(long queryId, long parentSeq) =>
        queryId != 0 ? rowSecurityByQueryId.GetValueOrDefault(queryId)
        : lastRowSecurity is { } r && r.Parent == parentSeq ? r.Applied
        : null;
}
