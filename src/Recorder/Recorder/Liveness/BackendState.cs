namespace TraceLab.Recorder.Liveness;

/// <summary>What a liveness check found out about the backend of a recorded session.</summary>
public enum BackendState
{
    /// <summary>The check cannot tell (no process table, no server privilege): the session is left alone.</summary>
    Unknown,

    /// <summary>A process with the session's pid and backend start exists: the backend is alive.</summary>
    Alive,

    /// <summary>No process with the session's pid and backend start exists: the backend exited.</summary>
    Gone,
}
