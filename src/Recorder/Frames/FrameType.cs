namespace TraceLab.Recorder.Frames;

/// <summary>The frame type codes of spool format versions 1 and 2 (element 0 of every frame).</summary>
internal enum FrameType : uint
{
    SessionStarted = 1,
    SessionEnded = 2,
    RoleDescribed = 3,
    FunctionDescribed = 4,
    RelationDescribed = 5,
    OperatorDescribed = 6,
    TypeDescribed = 7,
    QueryAnalyzed = 10,
    StatementStarted = 11,
    StatementFinished = 12,
    PlanStarted = 13,
    PlanFinished = 14,
    FunctionEntered = 20,
    FunctionExited = 21,
    RoleSwitched = 22,
    ObjectChanged = 23,
    MaintenanceStarted = 24,
    MaintenanceFinished = 25,
    PrivilegesChanged = 26,
    PolicyEnforced = 27,
    EnforcementInForce = 28,
    TransactionEnded = 30,
    SubtransactionStarted = 31,
    SubtransactionEnded = 32,
    FramesDropped = 90,
}
