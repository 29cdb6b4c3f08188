using System.Text;
using TraceLab.Events;

namespace TraceLab.Reports;

/// <summary>Fits statement texts and ids into table cells.</summary>
internal static class TextShortener
{
    /// <summary>Collapses whitespace runs (newlines included) to one space and cuts the text to <paramref name="max"/>
    /// characters, ending in an ellipsis when cut.</summary>
    public static string Statement(string text, int max)
    {
        var collapsed = new StringBuilder(Math.Min(text.Length, max + 1));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = collapsed.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                collapsed.Append(' ');
                pendingSpace = false;
            }

            collapsed.Append(c);
            if (collapsed.Length > max)
            {
                break;
            }
        }

        return collapsed.Length <= max ? collapsed.ToString() : string.Concat(collapsed.ToString(0, Math.Max(max - 1, 0)), "…");
    }

    /// <summary>The pid of a session id (<see cref="SessionId"/>), or the id cut to ten characters when it is not one.</summary>
    public static string Session(string sessionId)
    {
        var head = SessionId.TryParse(sessionId, out var id)
            ? id.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : sessionId;
        return head.Length <= 10 ? head : string.Concat(head.AsSpan(0, 9), "…");
    }

    /// <summary>Breaks a policy name after hyphens into lines of at most <paramref name="width"/> characters.</summary>
    public static string PolicyHeader(string name, int width = 10)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var start = 0;
        while (start < name.Length)
        {
            var hyphen = name.IndexOf('-', start);
            var end = hyphen < 0 ? name.Length : hyphen + 1;
            var part = name[start..end];
            if (line.Length > 0 && line.Length + part.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(part);
            start = end;
        }

        lines.Add(line.ToString());
        return string.Join('\n', lines);
    }
}
