using System.Text.RegularExpressions;

namespace TraceLab.Scenarios.Running;

/// <summary>Finds the errors in what psql wrote to standard error: each one starts at an <c>ERROR:</c> (or
/// <c>FATAL:</c>, or psql's own <c>error:</c>) line and runs until the next message starts.</summary>
internal static partial class PsqlMessages
{
    /// <summary>The error reports among <paramref name="lines"/>, each as its lines without psql's
    /// <c>psql:&lt;stdin&gt;:5: </c> location prefix, and the input line psql names there (the line that ended the
    /// failing statement).</summary>
    public static List<PsqlError> Errors(IEnumerable<string> lines)
    {
        var errors = new List<PsqlError>();
        List<string>? current = null;
        foreach (var raw in lines)
        {
            var match = MessageStart().Match(raw);
            if (match.Success)
            {
                current = match.Groups["severity"].Value is "ERROR" or "FATAL" or "PANIC" or "error" ? [] : null;
                if (current is not null)
                {
                    errors.Add(new PsqlError(
                        int.TryParse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture, out var line) ? line : null,
                        current));
                }

                current?.Add(raw[match.Groups["location"].Length..]);
            }
            else
            {
                current?.Add(raw);
            }
        }

        return errors;
    }

    /// <summary>The primary message, DETAIL and HINT of one error report.</summary>
    public static (string Message, string? Detail, string? Hint) Parts(IReadOnlyList<string> error)
    {
        var first = error.Count > 0 ? error[0] : "";
        var colon = first.IndexOf(':', StringComparison.Ordinal);
        var message = colon >= 0 ? first[(colon + 1)..].Trim() : first.Trim();
        return (message, Field(error, "DETAIL:"), Field(error, "HINT:"));
    }

    private static string? Field(IReadOnlyList<string> error, string label) =>
        error.Skip(1).FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal))?[label.Length..].Trim();

    [GeneratedRegex(@"^(?<location>psql(:[^:]*:(?<line>\d+))?: )?(?<severity>ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|LOG|DEBUG|error|warning):")]
    private static partial Regex MessageStart();
}

/// <summary>One error psql printed: its lines, and the input line it names (1-based), when it names one.</summary>
internal sealed record PsqlError(int? InputLine, IReadOnlyList<string> Lines);
