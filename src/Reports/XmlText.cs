using System.Text;
using System.Xml;

namespace TraceLab.Reports;

/// <summary>Makes any text writable as XML 1.0 character data.</summary>
internal static class XmlText
{
    /// <summary><paramref name="text"/> with every character XML 1.0 cannot carry (control characters other than tab,
    /// line feed and carriage return, unpaired surrogates, U+FFFE and U+FFFF) replaced by U+FFFD.</summary>
    public static string Clean(string text)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = XmlConvert.IsXmlChar(c);
            var pair = !valid && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c);
            if (valid)
            {
                cleaned?.Append(c);
            }
            else if (pair)
            {
                cleaned?.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                cleaned ??= new StringBuilder(text.Length).Append(text, 0, i);
                cleaned.Append('\uFFFD');
            }
        }

        return cleaned?.ToString() ?? text;
    }
}
