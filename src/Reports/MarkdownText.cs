using System.Text;

namespace TraceLab.Reports;

/// <summary>Puts arbitrary text into GitHub-flavoured Markdown so that it reads as the same text: statement texts,
/// object and role names can contain any character, including <c>|</c>, backticks and HTML.</summary>
internal static class MarkdownText
{
    /// <summary>Text as plain Markdown, on one line: characters Markdown or HTML would interpret are escaped with a
    /// backslash, whitespace runs become one space, and <c>|</c> is escaped so the text can sit in a table cell.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in OneLine(text))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '&' or '~' or '#' or '!')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>Text as an inline code span on one line, with a delimiter longer than any backtick run in it; in a
    /// table cell (<paramref name="inTable"/>) its pipes are escaped, as GitHub requires even inside code.</summary>
    public static string Code(string text, bool inTable = true)
    {
        var line = OneLine(text);
        if (line.Length == 0)
        {
            return "";
        }

        var fence = new string('`', LongestRun(line, '`') + 1);
        var pad = line[0] == '`' || line[^1] == '`' || (line[0] == ' ' && line[^1] == ' ') ? " " : "";
        if (inTable)
        {
            line = line.Replace("|", "\\|", StringComparison.Ordinal);
        }

        return $"{fence}{pad}{line}{pad}{fence}";
    }

    /// <summary>A code fence longer than any backtick run in <paramref name="content"/> (at least three backticks).</summary>
    public static string Fence(string content) => new('`', Math.Max(3, LongestRun(content, '`') + 1));

    /// <summary>Whitespace runs, line breaks included, as one space; no leading or trailing space.</summary>
    public static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = line.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                line.Append(' ');
                pendingSpace = false;
            }

            line.Append(c);
        }

        return line.ToString();
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
