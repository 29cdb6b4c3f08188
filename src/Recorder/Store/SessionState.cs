namespace TraceLab.Store;

/// <summary>Whether a recorded session's end is recorded, and how it ended.</summary>
/// <remarks>Users see these as <c>running</c>, <c>ended</c>, <c>ended_abnormally</c> and <c>quarantined</c> (<see cref="SessionStates.Name"/>),
/// in the <c>state</c> column and JSON field of <c>tracelab sessions</c>.</remarks>
public enum SessionState
{
    /// <summary>No end is recorded: the backend is still running, or its end is not ingested yet, or its server has not
    /// started again since it crashed.</summary>
    Running = 0,

    /// <summary>The backend exited and the probe recorded it (SessionEnded).</summary>
    Ended = 1,

    /// <summary>The backend ended without a SessionEnded (a crash, SIGKILL, an immediate shutdown), which the Recorder
    /// knows because its server started again afterwards.</summary>
    EndedAbnormally = 2,

    /// <summary>The session's spool file was damaged and moved to quarantine (<see cref="SpoolFileQuarantined"/>): its
    /// recording stops at the damage, whatever came after (its end too) is not in the store. Wins over the others.</summary>
    Quarantined = 3,
}

/// <summary>The names users see for <see cref="SessionState"/>.</summary>
public static class SessionStates
{
    /// <summary>The stable name of <paramref name="state"/>: <c>running</c>, <c>ended</c>, <c>ended_abnormally</c> or
    /// <c>quarantined</c>.</summary>
    public static string Name(SessionState state) => state switch
    {
        SessionState.Running => "running",
        SessionState.Ended => "ended",
        SessionState.EndedAbnormally => "ended_abnormally",
        SessionState.Quarantined => "quarantined",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown session state."),
    };
}
