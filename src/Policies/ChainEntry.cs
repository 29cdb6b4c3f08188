namespace TraceLab.Policies;

/// <summary>One link of a provenance chain: an object that brought the next link into execution, and its owner.</summary>
/// <param name="Kind">What the object is.</param>
/// <param name="ObjectName">Display name: the statement text for statements, <c>mallory.v_bait</c> for views,
/// <c>mallory.f_evil(integer)</c> for functions, <c>trg_orders on mallory.t_orders</c> for triggers; unknown objects
/// render as <c>function 16390</c> or <c>relation 16400</c>.</param>
/// <param name="Owner">Whose code or definition this is, as of the operation: the session user for a root statement,
/// the owner of a view or function, the owner of a trigger's table, and for a nested statement the owner of the
/// function whose code issued it (the session user when no function did).</param>
/// <param name="Seq">Seq of the frame that recorded the link (for a view: the QueryAnalyzed frame).</param>
/// <param name="ObjectOid">Oid of the view, function or trigger; 0 for statements.</param>
/// <param name="Command">Command tag of a statement, query or utility entry; <c>null</c> for other kinds.</param>
/// <param name="Candidate">The link is one of several possible explanations (a function found in more than one view):
/// the recording cannot tell which one was used, so each candidate is listed and policies must treat every candidate
/// owner as part of the chain.</param>
/// <param name="Synthetic">The link stands for a parent frame the recording does not contain; its owner is unknown.</param>
public sealed record ChainEntry(
    ChainEntryKind Kind,
    string ObjectName,
    RoleFacts Owner,
    long Seq,
    uint ObjectOid = 0,
    string? Command = null,
    bool Candidate = false,
    bool Synthetic = false);
