namespace TraceLab.Replayer.Provenance;

/// <summary>The note a parallel worker's root statement carries after its text: whose statement it runs. Public because
/// reports keep the note whole when they cut a statement short.</summary>
public static class ParallelWorkerNote
{
    private const string Marker = " (parallel worker of ";

    public static string ForSession(string leaderSessionId) => $"{Marker}session {leaderSessionId})";

    public static string ForPid(int leaderPid) => FormattableString.Invariant($"{Marker}leader pid {leaderPid})");

    /// <summary>The note at the end of <paramref name="text"/>, or empty.</summary>
    public static string Find(string text)
    {
        var at = text.LastIndexOf(Marker, StringComparison.Ordinal);
        return at >= 0 && text.EndsWith(')') && text.IndexOf(')', at) == text.Length - 1 ? text[at..] : "";
    }
}
