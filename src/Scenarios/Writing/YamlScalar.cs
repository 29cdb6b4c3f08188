using System.Globalization;
using System.Text;

namespace TraceLab.Scenarios.Writing;

/// <summary>Writes one YAML scalar of a scenario header so that YamlDotNet reads back exactly the text given, and psql,
/// which sees the header as a block comment, never sees it end early.</summary>
/// <remarks>PostgreSQL's block comments nest: inside the header, <c>*/</c> would end the comment and <c>/*</c> would
/// open a nested one that swallows the SQL after the header. Both are written with a YAML escape (<c>\x2F</c>,
/// <c>\x2A</c>) in a double-quoted scalar, which YAML reads as the same characters.</remarks>
public static class YamlScalar
{
    /// <summary><paramref name="text"/> as a YAML scalar: plain when that reads back unchanged, else double-quoted.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsSafePlain(text) ? text : Quoted(text);
    }

    /// <summary><paramref name="text"/> as a double-quoted YAML scalar, with every character that could confuse YAML,
    /// psql or a terminal escaped.</summary>
    public static string Quoted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (c)
            {
                case '"':
                    result.Append("\\\"");
                    break;
                case '\\':
                    result.Append("\\\\");
                    break;
                case '\n':
                    result.Append("\\n");
                    break;
                case '\t':
                    result.Append("\\t");
                    break;
                case '*' when next == '/':
                    result.Append("*\\x2F");
                    i++;
                    break;
                case '/' when next == '*':
                    result.Append("/\\x2A");
                    i++;
                    break;
                case < ' ' or '\u007f':
                    result.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.Append('"').ToString();
    }

    // Plain scalars are kept to a conservative alphabet: anything YAML could read as another type (true, 1.5, null,
    // ~), as syntax (: # - [ { & * ! | > ' " % @ `) or as a comment boundary for psql is quoted instead.
    private static bool IsSafePlain(string text)
    {
        if (text.Length == 0 || text.Trim() != text || !char.IsLetter(text[0]))
        {
            return false;
        }

        if (text.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off" or "null" or "y" or "n")
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c is ' ' or '_' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return true;
    }
}
