namespace TraceLab.Recorder.Spool;

/// <summary>One start of a server running the probe, from its <c>.tlstart</c> file.</summary>
/// <param name="Path">The start file.</param>
/// <param name="SystemIdentifier">The server's <c>pg_control</c> system identifier, as in its sessions' SessionStarted.</param>
/// <param name="StartUs">When the postmaster started, or restarted after a crash: µs since the Unix epoch, on the clock
/// of the sessions' <c>backend_start_us</c>.</param>
public sealed record ServerStart(string Path, ulong SystemIdentifier, long StartUs)
{
    /// <summary>Whether this start ended the backend of a session of this server that started at
    /// <paramref name="backendStartUs"/>: every backend of a server is gone before the server starts again.</summary>
    public bool Follows(ulong systemIdentifier, long backendStartUs) =>
        SystemIdentifier == systemIdentifier && StartUs > backendStartUs;
}

/// <summary>The server start files of a spool directory: the starts read, and a problem for each file that is not one.</summary>
public sealed record ServerStartFiles(IReadOnlyList<ServerStart> Starts, IReadOnlyList<SpoolException> Errors);
