using System.Globalization;
using TraceLab.Policies.Model;

namespace TraceLab.Reports;

/// <summary>A verdict the way psql prints an error (<c>ERROR:  …</c>, <c>DETAIL:  …</c>, <c>HINT:  …</c>), with the
/// line that says which policy, session and operation it is about.</summary>
internal static class PsqlMessage
{
    /// <summary>Whether the verdict's outcome carries a message every format prints: a block or a warning.</summary>
    public static bool IsPrinted(PolicyVerdict verdict) => verdict.Outcome is Outcome.Blocked or Outcome.Warned;

    /// <summary><c>Policy ddl-needs-trusted-chain would block seq 10 in session 4242-1780000000000000:</c>, or the
    /// sentence for any other outcome.</summary>
    public static string Heading(PolicyVerdict verdict, Operation operation)
    {
        var (policy, seq, session) = (verdict.Policy, operation.Seq, operation.SessionId);
        return verdict.Outcome switch
        {
            Outcome.Blocked => Invariant($"Policy {policy} would block seq {seq} in session {session}:"),
            Outcome.Warned => Invariant($"Policy {policy} would warn about seq {seq} in session {session}:"),
            Outcome.NotReached => Invariant(
                $"Policy {policy} would never reach seq {seq} in session {session}: an earlier block would have ended the statement."),
            Outcome.Aborted => Invariant(
                $"Policy {policy} would not run seq {seq} in session {session}: an earlier block would have aborted its transaction."),
            Outcome.HandlerWouldRun => Invariant(
                $"Policy {policy} does not judge seq {seq} in session {session}: an earlier block fell inside a PL/pgSQL EXCEPTION block, whose handler would have run instead."),
            _ => Invariant($"Policy {policy} allows seq {seq} in session {session}."),
        };
    }

    /// <summary>The labelled lines of the policy's own verdict: <c>ERROR</c> (or <c>WARNING</c>), <c>DETAIL</c>,
    /// <c>HINT</c>; empty when the policy allows the operation.</summary>
    public static IReadOnlyList<(string Label, string Text)> Lines(Verdict verdict)
    {
        if (verdict.Message is not { } message)
        {
            return [];
        }

        var lines = new List<(string, string)>(3) { (verdict.IsWarned ? "WARNING" : "ERROR", message) };
        if (verdict.Detail is { } detail)
        {
            lines.Add(("DETAIL", detail));
        }

        if (verdict.Hint is { } hint)
        {
            lines.Add(("HINT", hint));
        }

        return lines;
    }

    /// <summary>The lines as psql prints them, joined by <c>\n</c> (no final newline).</summary>
    public static string Text(Verdict verdict) => string.Join('\n', Lines(verdict).Select(l => $"{l.Label}:  {l.Text}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
