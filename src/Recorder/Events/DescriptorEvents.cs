namespace TraceLab.Events;

/// <summary>The catalog facts of a role as they were when the probe first needed them, or after they changed.</summary>
public sealed record RoleDescribed(
    FrameHeader Frame,
    uint RoleOid,
    string Name,
    bool Superuser,
    bool CanLogin,
    bool Inherit,
    bool BypassRowSecurity) : IRecordedFrame;

/// <summary>The catalog facts of a function (pg_proc).</summary>
/// <param name="Arguments">Identity arguments as PostgreSQL prints them: <c>integer, text</c>.</param>
/// <param name="Kind">f function, p procedure, a aggregate, w window.</param>
/// <param name="Volatility">i immutable, s stable, v volatile.</param>
public sealed record FunctionDescribed(
    FrameHeader Frame,
    uint FunctionOid,
    string Schema,
    string Name,
    string Arguments,
    uint OwnerOid,
    bool SecurityDefiner,
    string Language,
    string Kind,
    string Volatility,
    string ReturnType) : IRecordedFrame;

/// <summary>The catalog facts of a relation (pg_class) such as a view or a table with triggers.</summary>
/// <param name="RelKind">PostgreSQL relkind: r table, v view, m materialized view, p partitioned table, f foreign table.</param>
public sealed record RelationDescribed(
    FrameHeader Frame,
    uint RelationOid,
    string Schema,
    string Name,
    string RelKind,
    uint OwnerOid,
    bool SecurityInvoker,
    bool SecurityBarrier) : IRecordedFrame;
