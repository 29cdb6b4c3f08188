namespace TraceLab.Cli.CommandLine;

/// <summary>The one parser of <c>--format</c>: a value outside the verb's formats is a usage error that lists them.</summary>
internal static class FormatOption
{
    /// <summary>Throws a usage error unless <paramref name="value"/> is one of <paramref name="allowed"/>.</summary>
    public static void Check(string value, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw CliException.Usage($"invalid value for --format: \"{value}\"", null, $"Use {List(allowed)}.");
        }
    }

    /// <summary>"table, json or env".</summary>
    public static string List(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }
}
