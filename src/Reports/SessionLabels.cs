using TraceLab.Events;

namespace TraceLab.Reports;

/// <summary>The short name a report gives each session in its <c>session</c> column: the shortest prefix of the id
/// that no other session of the report shares.</summary>
/// <remarks>
/// <para>The pid alone when no other session of the report has that pid (the common case, and what
/// <c>tracelab replay PID</c> accepts); otherwise the pid, the dash and as many digits of the backend start (and, for
/// sessions of two servers with the same pid and start, of the server) as tell the sessions apart (a pid repeats across
/// server restarts; <see cref="SessionId"/>). Every label is a prefix of its id, so it can be pasted into
/// <c>tracelab replay SESSION</c>.</para>
/// <para>Without the list of sessions (a report of sessions streamed as they come) the pid is all a writer can give.</para>
/// </remarks>
internal sealed class SessionLabels
{
    private readonly Dictionary<string, string> labels = new(StringComparer.Ordinal);

    /// <param name="sessionIds">Every session of the report, or <see langword="null"/> when they are not known up front.</param>
    public SessionLabels(IReadOnlyList<string>? sessionIds)
    {
        if (sessionIds is null)
        {
            return;
        }

        var ids = sessionIds.Distinct(StringComparer.Ordinal).ToList();
        foreach (var byPid in ids.GroupBy(PidOf, StringComparer.Ordinal))
        {
            var same = byPid.ToList();
            foreach (var id in same)
            {
                labels[id] = same.Count == 1 ? byPid.Key : ShortestUniquePrefix(id, same, byPid.Key.Length + 2);
            }
        }
    }

    /// <summary>The label of <paramref name="sessionId"/>.</summary>
    public string Of(string sessionId) =>
        labels.TryGetValue(sessionId, out var label) ? label : TextShortener.Session(sessionId);

    private static string PidOf(string sessionId) =>
        SessionId.TryParse(sessionId, out var id) ? id.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) : sessionId;

    private static string ShortestUniquePrefix(string id, List<string> others, int minimum)
    {
        for (var length = Math.Min(minimum, id.Length); length < id.Length; length++)
        {
            var prefix = id[..length];
            if (others.Count(o => o.StartsWith(prefix, StringComparison.Ordinal)) == 1)
            {
                return prefix;
            }
        }

        return id;
    }
}
