using System.Globalization;
using TraceLab.Events;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Parsing;
using TraceLab.Scenarios.Writing;

namespace TraceLab.Scenarios.FromSessions;

/// <summary>Turns the transcripts of recorded sessions, and what each policy did in their replay, into a
/// <see cref="ScenarioDraft"/>: the roles they involve, their top-level statements as steps, and the outcomes as
/// expectations.</summary>
/// <remarks>
/// <para>Statements of sessions that overlapped are interleaved in the order they <em>finished</em>, each session's own
/// in seq order: a statement that waited for a lock another session held finished only after that session released it,
/// so it is written after the statement that released it, and the runner, which runs one step at a time, never waits
/// on a lock held by a step still to come. Consecutive statements of one session form one step; a statement that
/// failed when recorded gets a step of its own with <c>errors=allowed</c> (with the failed statements next to it).
/// A session whose end was recorded is disconnected where it ended, so what it held (locks, temporary objects) is
/// released where it was.</para>
/// <para>Roles are declared with the attributes of their first recorded description, which is how they were before
/// the sessions changed them (an attack that makes a role superuser must start from the role as it was).</para>
/// </remarks>
public static class SessionScenarioBuilder
{
    private const int MaxTextBytes = 8000;

    /// <summary>The draft for <paramref name="sessions"/> (in the order they started).</summary>
    /// <param name="chainOwners">Roles that own an entry of some operation's chain in the replay.</param>
    /// <param name="expectations">What each policy did, one per policy.</param>
    public static ScenarioDraft Build(
        IReadOnlyList<SessionTranscript> sessions,
        IReadOnlyCollection<uint> chainOwners,
        IReadOnlyList<PolicyExpectation> expectations)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(chainOwners);
        ArgumentNullException.ThrowIfNull(expectations);
        var clients = sessions.Where(s => s.IsClient && s.Statements.Count > 0).ToList();
        if (clients.Count == 0)
        {
            throw SessionScenarioException.NoStatements(sessions.Count);
        }

        var databases = clients.Select(c => c.Database).Distinct(StringComparer.Ordinal).ToList();
        if (databases.Count > 1)
        {
            throw SessionScenarioException.SeveralDatabases(databases);
        }

        var notes = new List<string>();
        var (roles, names) = Roles(sessions, clients, chainOwners, notes);
        var keys = SessionKeys(clients, names);
        return new ScenarioDraft(
            Title(clients),
            "TODO: the CVE or attack pattern these sessions show (for benign work: what kind of work it is)",
            Description(clients, names),
            roles,
            notes,
            expectations,
            Sections(clients, keys));
    }

    private static (List<RoleDeclaration> Roles, Dictionary<uint, string> Names) Roles(
        IReadOnlyList<SessionTranscript> sessions, List<SessionTranscript> clients, IReadOnlyCollection<uint> chainOwners, List<string> notes)
    {
        // The earliest description of each role over all sessions: the role before any of them changed it.
        var described = sessions.SelectMany(s => s.Roles.Values)
            .GroupBy(r => r.RoleOid)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Frame.TimestampUs).First());
        var wanted = new List<uint>();
        void Want(uint oid)
        {
            if (oid != 0 && !wanted.Contains(oid))
            {
                wanted.Add(oid);
            }
        }

        foreach (var client in clients)
        {
            Want(client.SessionUserOid);
        }

        foreach (var oid in clients.SelectMany(c => c.SwitchedTo).Concat(chainOwners).Order())
        {
            Want(oid);
        }

        // Groups of declared roles are declared too, so that member_of can name them.
        for (var i = 0; i < wanted.Count; i++)
        {
            if (described.TryGetValue(wanted[i], out var role))
            {
                foreach (var membership in role.MemberOf ?? [])
                {
                    Want(membership.RoleOid);
                }
            }
        }

        var names = new Dictionary<uint, string>();
        foreach (var oid in wanted)
        {
            if (described.TryGetValue(oid, out var role))
            {
                names[oid] = role.Name;
            }
            else if (clients.FirstOrDefault(c => c.SessionUserOid == oid) is { } client)
            {
                names[oid] = client.SessionUserName;
                notes.Add($"{client.SessionUserName}: no recorded description, declared with the default attributes");
            }
            else
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"role {oid}: owns an entry of a chain but no recorded session describes it, so it is not declared"));
            }
        }

        var declarations = new List<RoleDeclaration>();
        foreach (var oid in wanted.Where(names.ContainsKey))
        {
            var name = names[oid];
            if (name.StartsWith("pg_", StringComparison.Ordinal))
            {
                continue;
            }

            if (RoleNameRules.Problem(name) is { } problem)
            {
                throw SessionScenarioException.InvalidRoleName(name, problem);
            }

            var memberOf = new List<string>();
            if (described.TryGetValue(oid, out var role))
            {
                foreach (var membership in role.MemberOf ?? [])
                {
                    if (!names.TryGetValue(membership.RoleOid, out var group))
                    {
                        notes.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{name}: member of role {membership.RoleOid}, which no recorded session describes"));
                    }
                    else if (group.StartsWith("pg_", StringComparison.Ordinal))
                    {
                        notes.Add($"{name}: member of the built-in role {group}, which a scenario does not grant");
                    }
                    else
                    {
                        memberOf.Add(group);
                    }
                }
            }

            declarations.Add(role is null
                ? new RoleDeclaration(name)
                : new RoleDeclaration(name)
                {
                    Login = role.CanLogin,
                    Superuser = role.Superuser,
                    CreateRole = role.CreateRole,
                    BypassRls = role.BypassRowSecurity,
                    Inherit = role.Inherit,
                    MemberOf = memberOf,
                });
        }

        if (declarations.Count > 0)
        {
            notes.Add("createdb is not recorded: add \"createdb: true\" where a role needs it");
        }

        return (declarations, names);
    }

    private static Dictionary<string, SessionKey> SessionKeys(List<SessionTranscript> clients, Dictionary<uint, string> names)
    {
        var keys = new Dictionary<string, SessionKey>(StringComparer.Ordinal);
        foreach (var group in clients.GroupBy(c => names.GetValueOrDefault(c.SessionUserOid, c.SessionUserName)))
        {
            var number = 1;
            foreach (var client in group)
            {
                keys[client.SessionId] = new SessionKey(group.Key, number++);
            }
        }

        return keys;
    }

    private static string Title(List<SessionTranscript> clients) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Sessions of database {clients[0].Database} recorded on {clients[0].StartedAt.UtcDateTime:yyyy-MM-dd}");

    private static string Description(List<SessionTranscript> clients, Dictionary<uint, string> names)
    {
        var list = clients.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.SessionId} ({names.GetValueOrDefault(c.SessionUserOid, c.SessionUserName)} on database {c.Database}, "
            + $"started {c.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)"));
        return $"Generated by \"tracelab scenario from-session\" from recorded sessions {string.Join(", ", list)}. "
               + "Describe what the sessions show, fill in the reality check, and review the steps.";
    }

    private static List<DraftSection> Sections(List<SessionTranscript> clients, Dictionary<string, SessionKey> keys)
    {
        var timeline = new List<(long At, int Session, long Seq, TopLevelStatement? Statement)>();
        for (var i = 0; i < clients.Count; i++)
        {
            foreach (var statement in clients[i].Statements)
            {
                timeline.Add((statement.FinishedUs ?? statement.StartedUs, i, statement.Seq, statement));
            }

            if (clients[i].EndedUs is { } ended)
            {
                timeline.Add((ended, i, long.MaxValue, null));
            }
        }

        var sections = new List<DraftSection>();
        var pending = new List<DraftStatement>();
        (int Session, bool Failed)? current = null;
        void Flush()
        {
            if (current is { } c && pending.Count > 0)
            {
                sections.Add(new DraftStep(keys[clients[c.Session].SessionId], c.Failed, [.. pending]));
            }

            pending.Clear();
            current = null;
        }

        foreach (var item in timeline.OrderBy(t => t.At).ThenBy(t => t.Session).ThenBy(t => t.Seq))
        {
            if (item.Statement is not { } statement)
            {
                Flush();
                sections.Add(new DraftDisconnect(keys[clients[item.Session].SessionId]));
                continue;
            }

            if (current != (item.Session, statement.Failed))
            {
                Flush();
                current = (item.Session, statement.Failed);
            }

            pending.Add(Statement(statement));
        }

        Flush();
        return sections;
    }

    private static DraftStatement Statement(TopLevelStatement statement)
    {
        var note = statement.Failed ? $"failed when recorded ({statement.CommandTag})" : null;
        return new DraftStatement(statement.Text, note, WhyNotRepeatable(statement));
    }

    /// <summary>Why psql cannot repeat the statement as recorded, or null when it can.</summary>
    private static string? WhyNotRepeatable(TopLevelStatement statement)
    {
        if (statement.Text.Trim().Length == 0)
        {
            return $"no text was recorded for this {statement.CommandTag} (an extended-protocol Bind/Execute, or tracelab.capture_text = none)";
        }

        if (statement.Copy is { IsFrom: true, IsProgram: false, Target: "" })
        {
            return "COPY FROM STDIN: the data the client sent after it was not recorded";
        }

        if (SqlLineStarts.HasParameter(statement.Text))
        {
            return "its parameters' values were not recorded (bound parameters of the extended protocol, or "
                   + "tracelab.capture_text = normalized)";
        }

        if (statement.Text.EndsWith('…') && System.Text.Encoding.UTF8.GetByteCount(statement.Text) >= MaxTextBytes)
        {
            return "the probe recorded only the first 8 kB of its text";
        }

        return statement.CommandTag == "CREATE ROLE"
            ? "the header declares the scenario's roles and the runner creates them"
            : null;
    }
}
