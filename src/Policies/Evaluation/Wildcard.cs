namespace TraceLab.Policies.Evaluation;

/// <summary>A <c>commands</c> or <c>objects</c> pattern: text in which <c>*</c> stands for any run of characters.</summary>
internal sealed class Wildcard(string pattern, StringComparison comparison)
{
    private readonly string[] parts = pattern.Split('*');

    public string Pattern { get; } = pattern;

    public bool Matches(string text)
    {
        if (parts.Length == 1)
        {
            return string.Equals(text, Pattern, comparison);
        }

        var span = text.AsSpan();
        if (!span.StartsWith(parts[0], comparison))
        {
            return false;
        }

        span = span[parts[0].Length..];
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var at = span.IndexOf(parts[i], comparison);
            if (at < 0)
            {
                return false;
            }

            span = span[(at + parts[i].Length)..];
        }

        return span.EndsWith(parts[^1], comparison);
    }
}
