using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>A frame that has started and may still be the parent of later frames.</summary>
/// <remarks>
/// Nodes link to their parent node, not to a seq, so a chain survives its ancestors finishing: a cursor's query can
/// outlive the DECLARE that started it and still explain the functions a later FETCH calls. A node is dropped from the
/// builder's index when its finish frame arrives; the garbage collector then frees it once no live descendant refers
/// to it, which keeps a replay's memory proportional to the frames still running.
/// <para>A replay makes a node for nearly every statement and function call, millions of them: what only some nodes
/// have (inlined calls, row security, targets, COPY, a prepared statement) lives in a <see cref="Details"/> object made
/// for those alone, so that the common node stays small.</para>
/// </remarks>
internal sealed class FrameNode(
    FrameNode? parent,
    FrameKind kind,
    EntryDraft[] entries,
    uint issuerOwnerOid,
    uint currentUser)
{
    private Details? details;
    private bool hasRowSecurity;
    private ChainEntry[]? chain;
    private RoleCatalog? chainRoles;

    public FrameNode? Parent { get; } = parent;

    public FrameKind Kind { get; } = kind;

    /// <summary>The entries this frame adds to the chain (a function may bring its origin with it).</summary>
    public EntryDraft[] Entries { get; } = entries;

    /// <summary>Owner of the code running in this frame: statements it issues are attributed to this role.</summary>
    public uint IssuerOwnerOid { get; } = issuerOwnerOid;

    /// <summary>The effective user when the frame started.</summary>
    public uint CurrentUser { get; } = currentUser;

    /// <summary>Seq of the frame's parent (0 at top level).</summary>
    public long ParentSeq { get; init; }

    /// <summary>Command tag of a statement; empty for other frames.</summary>
    public string CommandTag { get; init; } = "";

    /// <summary>Statement text, plan text or maintenance activity.</summary>
    public string Text { get; init; } = "";

    /// <summary>Query id of a statement or plan.</summary>
    public long QueryId { get; init; }

    /// <summary>For a planned statement or plan, its parse analysis; for a utility command that wraps a query
    /// (DECLARE CURSOR, CREATE TABLE AS, PREPARE, EXECUTE, EXPLAIN), the analysis of that query, updated when a
    /// QueryAnalyzed arrives under it.</summary>
    public QueryAnalyzed? Analysis { get; set; }

    /// <summary>For a planned statement, the row-security policies its plan applied, when a PlanFinished said so.</summary>
    public IReadOnlyList<AppliedRowSecurity>? RowSecurity
    {
        get => details?.RowSecurity ?? (hasRowSecurity ? [] : null);
        init
        {
            hasRowSecurity = value is not null;
            if (value is { Count: > 0 })
            {
                More.RowSecurity = value;
            }
        }
    }

    /// <summary>For a planned statement, the calls its plan inlined; for a plan being built, those written under it so
    /// far (the probe writes them when the plan is complete).</summary>
    public IReadOnlyList<InlinedCall> InlinedCalls
    {
        get => (IReadOnlyList<InlinedCall>?)details?.WrittenCalls ?? details?.PlannedCalls ?? [];
        init
        {
            if (value.Count > 0)
            {
                More.PlannedCalls = value;
            }
        }
    }

    /// <summary>For a plan being built, the calls the latest earlier plan of the same query inlined: the calls the
    /// planner makes before this plan's own inlined calls are written (const-folding an inlined body) are explained
    /// by them.</summary>
    public IReadOnlyList<InlinedCall> EarlierInlinedCalls
    {
        get => details?.EarlierInlinedCalls ?? [];
        init
        {
            if (value.Count > 0)
            {
                More.EarlierInlinedCalls = value;
            }
        }
    }

    /// <summary>Relations a utility command names (VACUUM, COPY, …).</summary>
    public IReadOnlyList<uint> Targets
    {
        get => details?.Targets ?? [];
        init
        {
            if (value.Count > 0)
            {
                More.Targets = value;
            }
        }
    }

    /// <summary>Set for COPY.</summary>
    public CopyDetails? Copy
    {
        get => details?.Copy;
        init
        {
            if (value is not null)
            {
                More.Copy = value;
            }
        }
    }

    /// <summary>A maintenance utility command or background process: restricted calls under it run as the table owner.</summary>
    public bool IsMaintenanceContext { get; init; }

    /// <summary>The frame already added a maintenance entry: calls under it need no other.</summary>
    public bool HasMaintenanceEntry { get; init; }

    /// <summary>The prepared statement the frame runs, if it added its entry.</summary>
    public string? PreparedName
    {
        get => details?.PreparedName;
        init
        {
            if (value is not null)
            {
                More.PreparedName = value;
            }
        }
    }

    public bool IsPlannedStatement => Kind == FrameKind.PlannedStatement;

    /// <summary>The chain from the root down to and including this frame's entries, with owners as of
    /// <paramref name="roles"/>.</summary>
    /// <remarks>Kept until the role facts change (a new <see cref="RoleCatalog"/>): every operation under this frame
    /// starts with the same entries, and resolving them again for each (a statement run a million times by one function)
    /// was most of what building a chain cost. Entries are immutable, so operations may share them and this array;
    /// nothing writes to an operation's chain.</remarks>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ChainEntry[] Chain(RoleCatalog roles)
    {
        if (chain is not null && ReferenceEquals(chainRoles, roles))
        {
            return chain;
        }

        var above = Parent?.Chain(roles) ?? [];
        var result = new ChainEntry[above.Length + Entries.Length];
        above.CopyTo(result, 0);
        for (var i = 0; i < Entries.Length; i++)
        {
            result[above.Length + i] = Entries[i].Resolve(roles);
        }

        chain = result;
        chainRoles = roles;
        return result;
    }

    /// <summary>Adds a call inlined by the plan this node stands for.</summary>
    /// <remarks>A statement's list is its finished plan's, shared by every run of that plan: it is copied, never
    /// changed.</remarks>
    public void AddInlinedCall(InlinedCall call)
    {
        var more = More;
        (more.WrittenCalls ??= [.. more.PlannedCalls ?? []]).Add(call);
    }

    private Details More => details ??= new Details();

    /// <summary>What only some nodes have; unset, each reads as the property's default.</summary>
    private sealed class Details
    {
        public IReadOnlyList<AppliedRowSecurity>? RowSecurity { get; set; }

        public IReadOnlyList<InlinedCall>? PlannedCalls { get; set; }

        public List<InlinedCall>? WrittenCalls { get; set; }

        public IReadOnlyList<InlinedCall>? EarlierInlinedCalls { get; set; }

        public IReadOnlyList<uint>? Targets { get; set; }

        public CopyDetails? Copy { get; set; }

        public string? PreparedName { get; set; }
    }
}
