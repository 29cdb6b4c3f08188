namespace TraceLab.Events;

/// <summary>The catalog facts of a role as they were when the probe first needed them, or after they changed.</summary>
public sealed record RoleDescribed(
    FrameHeader Frame,
    uint RoleOid,
    string Name,
    bool Superuser,
    bool CanLogin,
    bool Inherit,
    bool BypassRowSecurity,
    IReadOnlyList<RoleMembership>? MemberOf = null,
    bool CreateRole = false) : IRecordedFrame;

/// <summary>A direct membership of a role in <paramref name="RoleOid"/> (pg_auth_members).</summary>
public sealed record RoleMembership(uint RoleOid, bool AdminOption);

/// <summary>The catalog facts of a function (pg_proc).</summary>
/// <param name="Arguments">Identity arguments as PostgreSQL prints them: <c>integer, text</c>.</param>
/// <param name="Kind">f function, p procedure, a aggregate, w window.</param>
/// <param name="Volatility">i immutable, s stable, v volatile.</param>
/// <param name="Config">Per-function settings (proconfig), e.g. <c>search_path=mallory</c>.</param>
/// <param name="Role">What else the function is to PostgreSQL: type_input, type_output, type_receive, type_send, trigger,
/// event_trigger, estimator, aggregate_support, range_subtype_diff, or empty.</param>
/// <param name="Extension">The extension the function belongs to (pg_depend, deptype e), or empty.</param>
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
    string ReturnType,
    IReadOnlyList<string>? Config = null,
    string Role = "",
    string Extension = "") : IRecordedFrame;

/// <summary>The catalog facts of a relation (pg_class) such as a view or a table with triggers, and its stored code.</summary>
/// <param name="RelKind">PostgreSQL relkind: r table, v view, m materialized view, p partitioned table, f foreign table.</param>
public sealed record RelationDescribed(
    FrameHeader Frame,
    uint RelationOid,
    string Schema,
    string Name,
    string RelKind,
    uint OwnerOid,
    bool SecurityInvoker,
    bool SecurityBarrier,
    bool RowSecurity = false,
    bool ForceRowSecurity = false,
    RelationCode? Code = null,
    string Extension = "") : IRecordedFrame;

/// <summary>The catalog facts of an operator (pg_operator): its owner need not own its function.</summary>
/// <param name="InOperatorFamily">The operator belongs to an operator family (pg_amop): index and sort infrastructure.</param>
/// <param name="Extension">The extension the operator belongs to, or empty.</param>
public sealed record OperatorDescribed(
    FrameHeader Frame,
    uint OperatorOid,
    string Schema,
    string Name,
    string LeftType,
    string RightType,
    uint OwnerOid,
    uint FunctionOid,
    bool InOperatorFamily = false,
    string Extension = "") : IRecordedFrame;

/// <summary>The catalog facts of a type (pg_type), with a domain's CHECK constraints.</summary>
/// <param name="TypType">b base, d domain, e enum, r range, c composite, m multirange, p pseudo.</param>
public sealed record TypeDescribed(
    FrameHeader Frame,
    uint TypeOid,
    string Schema,
    string Name,
    string TypType,
    uint OwnerOid,
    uint BaseType,
    uint InputFunction,
    uint OutputFunction,
    IReadOnlyList<StoredCheck> Checks,
    uint ReceiveFunction = 0,
    uint SendFunction = 0,
    string Extension = "") : IRecordedFrame;
