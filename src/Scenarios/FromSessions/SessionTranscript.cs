using TraceLab.Events;

namespace TraceLab.Scenarios.FromSessions;

/// <summary>What one recorded session contributes to a generated scenario: who ran it, its top-level statements, when it
/// ended, and the roles its frames describe.</summary>
/// <param name="SessionId">The recorded session's id.</param>
/// <param name="StartedAt">When its backend started.</param>
/// <param name="BackendType">PostgreSQL's backend type; only client backends have statements a scenario can repeat.</param>
/// <param name="SessionUserOid">The session user (from SessionStarted).</param>
/// <param name="SessionUserName">The session user's name as the session list shows it.</param>
/// <param name="EndedUs">When its SessionEnded was made (µs since the epoch), or null when no end is recorded.</param>
/// <param name="Roles">The first description of each role the session's frames describe (the role as it was before the
/// session changed it), by oid.</param>
/// <param name="SwitchedTo">Roles the session switched to with SET ROLE or SET SESSION AUTHORIZATION.</param>
public sealed record SessionTranscript(
    string SessionId,
    DateTimeOffset StartedAt,
    string Database,
    string BackendType,
    uint SessionUserOid,
    string SessionUserName,
    IReadOnlyList<TopLevelStatement> Statements,
    long? EndedUs,
    IReadOnlyDictionary<uint, RoleDescribed> Roles,
    IReadOnlySet<uint> SwitchedTo)
{
    /// <summary>Whether the session is a client's (its statements were typed or sent by a client).</summary>
    public bool IsClient => BackendType is "client backend" or "";
}

/// <summary>A statement a client sent: a StatementStarted at depth 0, with how it ended.</summary>
/// <param name="Seq">Its frame's seq in the session.</param>
/// <param name="StartedUs">When it started (µs since the epoch).</param>
/// <param name="FinishedUs">When its StatementFinished was made, or null when none was recorded.</param>
/// <param name="Failed">It ended in an error (or its end was never recorded).</param>
public sealed record TopLevelStatement(
    long Seq,
    string CommandTag,
    string Text,
    long StartedUs,
    long? FinishedUs,
    bool Failed,
    PortalReference? Portal,
    CopyDetails? Copy);
