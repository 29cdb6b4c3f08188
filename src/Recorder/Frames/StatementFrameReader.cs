using System.Runtime.CompilerServices;
using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads the bodies of the statement frames (StatementEvents.cs): analysis, planning and execution.</summary>
internal static class StatementFrameReader
{
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static QueryAnalyzed ReadQueryAnalyzed(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        QueryId: f.Int64(ref r, "query_id"),
        CommandTag: f.String(ref r, "command_tag"),
        Views: f.Entries(ref r, "views", "view", ReadView),
        Relations: f.Absent ? null : f.Entries(ref r, "relations", "relation", ReadRelation),
        Aggregates: f.Absent ? null : f.Entries(ref r, "aggregates", "aggregate", ReadAggregate),
        Domains: f.Absent ? null : f.UInt32List(ref r, "domains", "type_oid"),
        Text: f.Absent ? "" : f.String(ref r, "text"));

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static StatementStarted ReadStatementStarted(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        QueryId: f.Int64(ref r, "query_id"),
        CommandTag: f.String(ref r, "command_tag"),
        Kind: (StatementKind)f.UIntAsInt32(ref r, "kind"),
        Context: (StatementContext)f.UIntAsInt32(ref r, "context"),
        Text: f.String(ref r, "text"),
        Prepared: f.Optional(ref r, "prepared", "the prepared statement", ReadPrepared),
        Portal: f.Optional(ref r, "portal", "the portal", ReadPortal),
        Origin: f.Absent ? "" : f.String(ref r, "origin"),
        Targets: f.Absent ? null : f.UInt32List(ref r, "targets", "relation_oid"),
        Copy: f.Optional(ref r, "copy", "the copy", ReadCopy),
        Plpgsql: f.Optional(ref r, "plpgsql", "the PL/pgSQL statement", ReadPlpgsql));

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static StatementFinished ReadStatementFinished(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        StatementSeq: f.UIntAsInt64(ref r, "statement_seq"),
        Outcome: (FrameOutcome)f.UIntAsInt32(ref r, "status"),
        SqlState: f.String(ref r, "sqlstate"),
        Rows: f.UIntAsInt64(ref r, "rows"),
        EndsTransaction: f.NilOrAbsent(ref r) ? null : (TransactionOutcome)f.UIntAsInt32(ref r, "transaction_ended"));

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PlanStarted ReadPlanStarted(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        QueryId: f.Int64(ref r, "query_id"),
        CursorOptions: f.UIntAsInt32(ref r, "cursor_options"),
        BoundParams: f.Boolean(ref r, "bound_params"),
        Text: f.String(ref r, "text"));

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PlanFinished ReadPlanFinished(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        PlanSeq: f.UIntAsInt64(ref r, "plan_seq"),
        Outcome: (FrameOutcome)f.UIntAsInt32(ref r, "status"),
        SqlState: f.String(ref r, "sqlstate"),
        RowSecurity: f.Entries(ref r, "row_security", "row security entry", ReadRowSecurity));

    private static ExpandedView ReadView(ref MessagePackSpanReader r, FrameFields e) => new(
        ViewOid: e.UInt32(ref r, "view_oid"),
        ParentIndex: e.Int32(ref r, "parent"),
        FunctionOids: e.UInt32List(ref r, "functions", "function_oid"));

    private static AnalyzedRelation ReadRelation(ref MessagePackSpanReader r, FrameFields e) =>
        new(RelationOid: e.UInt32(ref r, "relation_oid"), Target: e.Boolean(ref r, "target"));

    private static AnalyzedAggregate ReadAggregate(ref MessagePackSpanReader r, FrameFields e) =>
        new(AggregateOid: e.UInt32(ref r, "aggregate_oid"), FunctionOids: e.UInt32List(ref r, "functions", "function_oid"));

    private static PreparedStatementReference ReadPrepared(ref MessagePackSpanReader r, FrameFields e) =>
        new(Name: e.String(ref r, "name"), PrepareSeq: e.UIntAsInt64(ref r, "prepare_seq"));

    private static PortalReference ReadPortal(ref MessagePackSpanReader r, FrameFields e) =>
        new(Name: e.String(ref r, "portal"), CachedPlan: e.Boolean(ref r, "cached_plan"));

    private static CopyDetails ReadCopy(ref MessagePackSpanReader r, FrameFields e) => new(
        IsFrom: e.Boolean(ref r, "is_from"),
        IsProgram: e.Boolean(ref r, "is_program"),
        Target: e.String(ref r, "target"));

    private static PlpgsqlStatement ReadPlpgsql(ref MessagePackSpanReader r, FrameFields e) =>
        new(Line: e.UIntAsInt32(ref r, "line"), Statement: e.String(ref r, "statement"));

    private static AppliedRowSecurity ReadRowSecurity(ref MessagePackSpanReader r, FrameFields e) => new(
        RelationOid: e.UInt32(ref r, "relation_oid"),
        PolicyOids: e.UInt32List(ref r, "policy_oids", "policy_oid"));
}
