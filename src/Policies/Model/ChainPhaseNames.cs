namespace TraceLab.Policies.Model;

/// <summary>The one spelling of each <see cref="ChainPhase"/>: what reports, JSON and policy files
/// (<c>when: phases</c>) all write.</summary>
/// <remarks>Spelled out rather than derived from the member names, so renaming a C# member can never change a report
/// or break a policy.</remarks>
public static class ChainPhaseNames
{
    /// <summary>The name of <paramref name="phase"/>.</summary>
    public static string Of(ChainPhase phase) => phase switch
    {
        ChainPhase.Unknown => "unknown",
        ChainPhase.Rewrite => "rewrite",
        ChainPhase.Prepare => "prepare",
        ChainPhase.Parse => "parse",
        ChainPhase.Planning => "planning",
        ChainPhase.Execution => "execution",
        ChainPhase.Utility => "utility",
        ChainPhase.Maintenance => "maintenance",
        ChainPhase.Commit => "commit",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown chain phase."),
    };

    /// <summary>Every phase, in declaration order.</summary>
    public static IReadOnlyList<ChainPhase> All { get; } = Enum.GetValues<ChainPhase>();

    /// <summary>The phase spelled <paramref name="name"/>, as <see cref="Of"/> spells it.</summary>
    public static bool TryParse(string name, out ChainPhase phase)
    {
        foreach (var candidate in All)
        {
            if (Of(candidate) == name)
            {
                phase = candidate;
                return true;
            }
        }

        phase = default;
        return false;
    }
}
