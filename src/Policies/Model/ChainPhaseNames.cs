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
}
