using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>A statement or function frame that has started and may still be the parent of later frames.</summary>
/// <remarks>
/// Nodes link to their parent node, not to a seq, so a chain survives its ancestors finishing: a cursor's query can
/// outlive the DECLARE that started it and still explain the functions a later FETCH calls. A node is dropped from the
/// builder's index when its finish frame arrives; the garbage collector then frees it once no live descendant refers
/// to it, which keeps a replay's memory proportional to the frames still running.
/// </remarks>
internal sealed class FrameNode(
    FrameNode? parent,
    IReadOnlyList<EntryDraft> entries,
    uint issuerOwnerOid,
    QueryAnalyzed? analysis)
{
    public FrameNode? Parent { get; } = parent;

    /// <summary>The entries this frame adds to the chain (a function may bring its view path or trigger with it).</summary>
    public IReadOnlyList<EntryDraft> Entries { get; } = entries;

    /// <summary>Owner of the code running in this frame: statements it issues are attributed to this role.</summary>
    public uint IssuerOwnerOid { get; } = issuerOwnerOid;

    /// <summary>For a planned statement (or a DECLARE CURSOR / CREATE TABLE AS wrapping one), its parse analysis;
    /// otherwise <c>null</c>.</summary>
    public QueryAnalyzed? Analysis { get; } = analysis;

    /// <summary>Whether the frame is a planned statement (functions under it may come from its views).</summary>
    public bool IsPlannedStatement { get; init; }
}
