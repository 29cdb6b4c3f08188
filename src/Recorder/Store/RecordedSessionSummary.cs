namespace TraceLab.Store;

/// <summary>One recorded session as listed by <see cref="RecordedSessionReader.ListSessionsAsync"/>.</summary>
/// <param name="SessionId">The stream key: <c>&lt;pid&gt;-&lt;backend start in µs&gt;</c>.</param>
/// <param name="Pid">The backend's process id.</param>
/// <param name="BackendStart">When the backend started (<c>pg_stat_activity.backend_start</c>).</param>
/// <param name="Database">The database the session connected to.</param>
/// <param name="SessionUser">The session user's name as the stream described it, or its oid when no description
/// was recorded.</param>
/// <param name="ApplicationName">The session's <c>application_name</c> at start.</param>
/// <param name="BackendType">PostgreSQL's backend type, such as <c>client backend</c> or <c>autovacuum worker</c>.</param>
/// <param name="EventCount">The number of events recorded so far.</param>
/// <param name="State">Whether the session's end is recorded (a <c>SessionEnded</c> event), and whether it ended
/// abnormally.</param>
/// <param name="DroppedFrames">The frames the probe lost in this session, as far as recorded: the sum of the counts of
/// its <c>FramesDropped</c> events.</param>
/// <param name="SystemIdentifier">The recorded server's <c>system_identifier</c> (from SessionStarted), or 0 when
/// unknown.</param>
/// <param name="Statements">Top-level statements started, as far as the session view counted them (0 for streams
/// written before it was kept).</param>
/// <param name="LastFrameAt">When the session's last recorded frame was made, or null when unknown (streams written
/// before the session view was kept).</param>
/// <remarks>A stream whose <c>SessionStarted</c> is missing keeps what its id tells (pid, backend start) and empty
/// strings elsewhere.</remarks>
public sealed record RecordedSessionSummary(
    string SessionId,
    int Pid,
    DateTimeOffset BackendStart,
    string Database,
    string SessionUser,
    string ApplicationName,
    string BackendType,
    long EventCount,
    SessionState State,
    long DroppedFrames = 0,
    ulong SystemIdentifier = 0,
    long Statements = 0,
    DateTimeOffset? LastFrameAt = null);
