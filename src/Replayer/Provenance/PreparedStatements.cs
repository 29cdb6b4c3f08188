using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>The SQL prepared statements of a session: who prepared each, and the analysis of its query.</summary>
/// <remarks>
/// PostgreSQL keeps no record of the role that prepared a statement, and an EXECUTE may come long after its PREPARE,
/// in another role's code or after the PREPARE's function returned. The preparer is fixed when the PREPARE runs: the
/// owner of the innermost function enclosing it (its code prepared the statement), else the effective user at the
/// PREPARE. An EXECUTE names its PREPARE by seq; only that PREPARE counts, so a statement prepared again under the same
/// name (after DEALLOCATE) is never confused with the earlier one. One record per name: memory is bounded by the names
/// in use.
/// </remarks>
internal sealed class PreparedStatements
{
    private readonly Dictionary<string, Prepared> byName = new(StringComparer.Ordinal);

    public int Count => byName.Count;

    public void Define(string name, long prepareSeq, uint preparerOid) => byName[name] = new Prepared(prepareSeq, preparerOid);

    /// <summary>Records the analysis of a PREPARE's query (it arrives under the PREPARE frame).</summary>
    public void SetAnalysis(long prepareSeq, QueryAnalyzed analysis)
    {
        foreach (var prepared in byName.Values)
        {
            if (prepared.Seq == prepareSeq)
            {
                prepared.Analysis = analysis;
            }
        }
    }

    /// <summary>The PREPARE at <paramref name="prepareSeq"/> of <paramref name="name"/>, if the replay saw it.</summary>
    public Prepared? Find(string name, long prepareSeq) =>
        prepareSeq != 0 && byName.TryGetValue(name, out var prepared) && prepared.Seq == prepareSeq ? prepared : null;

    internal sealed class Prepared(long seq, uint preparerOid)
    {
        public long Seq { get; } = seq;

        public uint PreparerOid { get; } = preparerOid;

        public QueryAnalyzed? Analysis { get; set; }
    }
}
