namespace TraceLab.Replayer.Provenance;

/// <summary>What kind of frame a <see cref="FrameNode"/> stands for.</summary>
internal enum FrameKind
{
    /// <summary>A root the replay makes up: a parent the recording lacks, a COMMIT or a parse analysis.</summary>
    Root,

    /// <summary>A StatementStarted run by the executor.</summary>
    PlannedStatement,

    /// <summary>A StatementStarted of a utility command.</summary>
    UtilityStatement,

    /// <summary>A FunctionEntered.</summary>
    Function,

    /// <summary>A PlanStarted: calls under it belong to the planning phase.</summary>
    Plan,

    /// <summary>A MaintenanceStarted of a background process, or a made-up one for maintenance calls without a frame.</summary>
    Maintenance,
}
