namespace TraceLab.Events;

/// <summary>Every event type a probe frame decodes to, for event-store registration (streams also hold
/// <see cref="FrameBatch"/>, which carries such frames undecoded).</summary>
public static class RecordedEventTypes
{
    /// <summary>All event types, in frame-type order.</summary>
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(SessionStarted),
        typeof(SessionEnded),
        typeof(RoleDescribed),
        typeof(FunctionDescribed),
        typeof(RelationDescribed),
        typeof(QueryAnalyzed),
        typeof(StatementStarted),
        typeof(StatementFinished),
        typeof(FunctionEntered),
        typeof(FunctionExited),
        typeof(TransactionEnded),
        typeof(FramesDropped),
        typeof(OperatorDescribed),
        typeof(TypeDescribed),
        typeof(PlanStarted),
        typeof(PlanFinished),
        typeof(RoleSwitched),
        typeof(ObjectChanged),
        typeof(MaintenanceStarted),
        typeof(MaintenanceFinished),
        typeof(SubtransactionStarted),
        typeof(SubtransactionEnded),
        typeof(PrivilegesChanged),
        typeof(PolicyEnforced),
        typeof(EnforcementInForce),
    ];
}
