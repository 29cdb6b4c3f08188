namespace TraceLab.Scenarios.Format;

/// <summary>Whether a scenario shows an attack or ordinary work a good policy must keep allowing.</summary>
/// <remarks>Told by the directory the file sits in (<c>attacks/</c> or <c>benign/</c>), spelled by
/// <see cref="ScenarioKindNames"/>.</remarks>
public enum ScenarioKind
{
    /// <summary>A less privileged role gets its code run with a more privileged role's rights.</summary>
    Attack = 0,

    /// <summary>Ordinary work: whatever a policy blocks here is a false positive.</summary>
    Benign = 1,
}

/// <summary>The one spelling of each <see cref="ScenarioKind"/>, and the directory name that gives it.</summary>
public static class ScenarioKindNames
{
    /// <summary>The name reports print: <c>attack</c> or <c>benign</c>.</summary>
    public static string Of(ScenarioKind kind) => kind switch
    {
        ScenarioKind.Attack => "attack",
        ScenarioKind.Benign => "benign",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scenario kind."),
    };

    /// <summary>The directory a scenario of <paramref name="kind"/> lives in: <c>attacks</c> or <c>benign</c>.</summary>
    public static string DirectoryOf(ScenarioKind kind) => kind switch
    {
        ScenarioKind.Attack => "attacks",
        ScenarioKind.Benign => "benign",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scenario kind."),
    };

    /// <summary>The kind of a scenario in directory <paramref name="directoryName"/>, if it names one.</summary>
    public static bool TryParseDirectory(string? directoryName, out ScenarioKind kind)
    {
        foreach (var candidate in Enum.GetValues<ScenarioKind>())
        {
            if (string.Equals(DirectoryOf(candidate), directoryName, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
