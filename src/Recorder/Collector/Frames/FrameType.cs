namespace TraceLab.Recorder.Frames;

/// <summary>The frame type codes of spool format version 1 (element 0 of every frame).</summary>
internal enum FrameType : uint
{
    SessionStarted = 1,
    SessionEnded = 2,
    RoleDescribed = 3,
    FunctionDescribed = 4,
    RelationDescribed = 5,
    QueryAnalyzed = 10,
    StatementStarted = 11,
    StatementFinished = 12,
    FunctionEntered = 20,
    FunctionExited = 21,
    TransactionEnded = 30,
    FramesDropped = 90,
}
