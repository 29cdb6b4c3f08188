using System.Text;

namespace TraceLab.Reports;

/// <summary>HTML-encodes text from a recording (statement texts can contain <c>&lt;script&gt;</c>).</summary>
internal static class HtmlText
{
    /// <summary><paramref name="text"/> safe as element content and as a quoted attribute value: <c>&amp;</c>,
    /// <c>&lt;</c>, <c>&gt;</c>, <c>"</c> and <c>'</c> become references, NUL becomes U+FFFD; all else (non-ASCII
    /// included) is kept as is, the page being UTF-8.</summary>
    public static string Encode(string text)
    {
        var encoded = new StringBuilder(text.Length + 16);
        Append(encoded, text);
        return encoded.ToString();
    }

    /// <summary>Appends <paramref name="text"/>, encoded as by <see cref="Encode"/>.</summary>
    public static StringBuilder Append(StringBuilder html, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '"' => html.Append("&quot;"),
                '\'' => html.Append("&#39;"),
                '\0' => html.Append('\uFFFD'),
                _ => html.Append(c),
            };
        }

        return html;
    }
}
