namespace TraceLab.Store;

/// <summary>Which recorded sessions to keep: every given criterion must hold (none given keeps all).</summary>
/// <param name="User">The session user's name, exactly.</param>
/// <param name="Database">The database's name, exactly.</param>
/// <param name="Application">The <c>application_name</c> at session start, exactly.</param>
/// <param name="Server">The recorded server's <c>system_identifier</c>.</param>
/// <param name="Since">Keep sessions still recording at or after this time: whose last frame is not earlier (a session
/// whose last frame is unknown is kept).</param>
/// <param name="Until">Keep sessions that started at or before this time.</param>
public sealed record SessionFilter(
    string? User = null,
    string? Database = null,
    string? Application = null,
    ulong? Server = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null)
{
    /// <summary>Whether <paramref name="session"/> meets every criterion.</summary>
    public bool Matches(RecordedSessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return (User is null || session.SessionUser == User)
            && (Database is null || session.Database == Database)
            && (Application is null || session.ApplicationName == Application)
            && (Server is null || session.SystemIdentifier == Server)
            && (Since is null || session.LastFrameAt is null || session.LastFrameAt >= Since)
            && (Until is null || session.BackendStart <= Until);
    }
}
