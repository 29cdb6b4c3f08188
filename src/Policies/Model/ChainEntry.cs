namespace TraceLab.Policies.Model;

/// <summary>One link of a provenance chain: an object that brought the next link into execution, and its owner.</summary>
/// <param name="Kind">What the object is.</param>
/// <param name="ObjectName">Display name: the statement text for statements, <c>mallory.v_bait</c> for views,
/// <c>mallory.f_evil(integer)</c> for functions, <c>trg_orders on mallory.t_orders</c> for triggers,
/// <c>index t_idx_expr on mallory.t_idx</c> for index code, <c>default of mallory.t.c</c> for defaults,
/// <c>mallory.=(integer, integer)</c> for operators, <c>p_m</c> for prepared statements; unknown objects render as
/// <c>function 16390</c> or <c>relation 16400</c>. JSON.md lists every kind.</param>
/// <param name="Owner">Whose code or definition this is, as of the operation: the session user for a root statement,
/// the owner of a view, function, operator, aggregate, type or domain, the owner of the table of a trigger, rule, policy,
/// default or index, the owner of the cast function, the role a foreign-key query or maintenance command runs as, the
/// role that prepared a prepared statement, and for a nested statement the owner of the code that issued it.</param>
/// <param name="Seq">Seq of the frame that recorded the link (for a view or stored code: the QueryAnalyzed frame).</param>
/// <param name="ObjectOid">Oid of the view, function, trigger, rule, policy, constraint, index, operator or type; 0 for
/// statements and where the recording has no oid (defaults, casts, prepared statements).</param>
/// <param name="Command">Command tag of a statement, query, utility or maintenance entry (<c>autovacuum</c> for a
/// background process); <c>null</c> for other kinds.</param>
/// <param name="Candidate">The link is one of several possible explanations (a function found in a view and in a
/// default): the recording cannot tell which one was used, so each candidate is listed and policies must treat every
/// candidate owner as part of the chain.</param>
/// <param name="Synthetic">The link stands for a parent frame the recording does not contain; its owner is unknown.</param>
/// <param name="Phase">The phase that produced the link.</param>
/// <param name="PrivilegeSwitch">Code from this link on runs as another role than the code before it: a SECURITY
/// DEFINER function (its body runs as its owner), a maintenance entry (code runs as the table owner) or a foreign-key
/// entry (the check or action runs as a table owner). A policy's <c>since-last-switch</c> scope starts here.</param>
/// <param name="Traits">What else the object is to PostgreSQL (type output function, operator-family member,
/// extension member): the facts trusted infrastructure is recognised by.</param>
/// <param name="Inlined">The function never ran as a function: the planner inlined it, replacing its call by its body
/// (a simple SQL function). The entry stands for the call as written (phase planning, owner the function's owner); code
/// its body brought in then runs with the caller's privileges under it. Reports mark it <c>inlined</c>.</param>
public sealed record ChainEntry(
    ChainEntryKind Kind,
    string ObjectName,
    RoleFacts Owner,
    long Seq,
    uint ObjectOid = 0,
    string? Command = null,
    bool Candidate = false,
    bool Synthetic = false,
    ChainPhase Phase = ChainPhase.Unknown,
    bool PrivilegeSwitch = false,
    EntryTraits Traits = EntryTraits.None,
    bool Inlined = false);
