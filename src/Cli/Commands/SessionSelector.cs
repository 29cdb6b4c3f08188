using TraceLab.Store;

namespace TraceLab.Cli.Commands;

/// <summary>Turns the SESSION arguments of <c>replay</c> into recorded sessions: exact ids or unique prefixes.</summary>
internal static class SessionSelector
{
    /// <summary>The selected sessions in recorded order, or a <see cref="CliException"/> that says what did not match.</summary>
    /// <param name="verb">What the command does with them, for the error when none is named.</param>
    public static IReadOnlyList<RecordedSessionSummary> Select(
        IReadOnlyList<RecordedSessionSummary> recorded, IReadOnlyList<string> requested, bool all, string verb = "replay")
    {
        if (all)
        {
            if (requested.Count > 0)
            {
                throw CliException.Create("cannot combine --all with session ids", null, "Name sessions or use --all, not both.");
            }

            return recorded;
        }

        if (requested.Count == 0)
        {
            throw CliException.Create($"no sessions to {verb}", null,
                "Name sessions (see \"tracelab sessions\") or use --all.");
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in requested)
        {
            chosen.Add(Resolve(recorded, argument).SessionId);
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
        // A bare pid names the session of that pid when no longer id also starts with it.
        var byPid = matches.Where(s => s.SessionId.StartsWith(argument + "-", StringComparison.Ordinal)).ToList();
        if (byPid.Count == 1)
        {
            return byPid[0];
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
