using System.Globalization;
using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary>Turns the SESSION arguments, <c>--all</c> and the session filters of <c>replay</c>, <c>diff</c> and
/// <c>export</c> into recorded sessions.</summary>
/// <remarks>Filters (<see cref="SessionFilterSettings"/>) narrow the selection: alone or with <c>--all</c> they select
/// every session they keep; with SESSION arguments each named session must also match them, so that a filter never
/// silently drops a session the user named.</remarks>
internal static class SessionSelector
{
    /// <summary>The selected sessions in recorded order, or a <see cref="CliException"/> that says what did not match.</summary>
    /// <param name="filter">The filters; null or empty keeps every session.</param>
    /// <param name="verb">What the command does with them, for the error when none is named.</param>
    public static IReadOnlyList<RecordedSessionSummary> Select(
        IReadOnlyList<RecordedSessionSummary> recorded,
        IReadOnlyList<string> requested,
        bool all,
        SessionFilter? filter = null,
        string verb = "replay")
    {
        var filtered = filter is not null && filter != new SessionFilter();
        if (all && requested.Count > 0)
        {
            throw CliException.Create("cannot combine --all with session ids", null, "Name sessions or use --all, not both.");
        }

        if (all || (filtered && requested.Count == 0))
        {
            return filtered ? [.. recorded.Where(filter!.Matches)] : recorded;
        }

        if (requested.Count == 0)
        {
            throw CliException.Create($"no sessions to {verb}", null,
                "Name sessions (see \"tracelab sessions\"), use --all, or keep sessions with --user, --database, "
                + "--application, --server, --since or --until.");
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in requested)
        {
            var session = Resolve(recorded, argument);
            if (filtered && !filter!.Matches(session))
            {
                throw CliException.Create(
                    $"recorded session \"{session.SessionId}\" does not match the filters",
                    string.Create(CultureInfo.InvariantCulture,
                        $"It is a session of user \"{session.SessionUser}\" on database \"{session.Database}\", application "
                        + $"\"{session.ApplicationName}\", started at {session.BackendStart.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC."),
                    "Leave out the session ids to select every session the filters keep, or drop the filters.");
            }

            chosen.Add(session.SessionId);
        }

        return [.. recorded.Where(s => chosen.Contains(s.SessionId))];
    }

    private static RecordedSessionSummary Resolve(IReadOnlyList<RecordedSessionSummary> recorded, string argument)
    {
        if (recorded.FirstOrDefault(s => s.SessionId == argument) is { } exact)
        {
            return exact;
        }

        var matches = recorded.Where(s => s.SessionId.StartsWith(argument, StringComparison.Ordinal)).ToList();
        // Whole parts of an id (SessionId): a bare pid names the one session of that pid even when a longer pid starts
        // with it, and <pid>-<start> the one session of that backend whatever its server.
        var byParts = matches.Where(s => s.SessionId.StartsWith(argument + "-", StringComparison.Ordinal)).ToList();
        if (byParts.Count == 1)
        {
            return byParts[0];
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw CliException.Create(
                $"recorded session \"{argument}\" does not exist",
                $"No recorded session id is or starts with \"{argument}\".",
                "Run \"tracelab sessions\" to list recorded sessions, or \"tracelab record\" to ingest new ones."),
            _ => throw CliException.Create(
                $"session id prefix \"{argument}\" is ambiguous",
                $"It matches {string.Join(", ", matches.Take(5).Select(s => $"\"{s.SessionId}\""))}{(matches.Count > 5 ? ", …" : "")}.",
                "Give more of the session id."),
        };
    }
}
