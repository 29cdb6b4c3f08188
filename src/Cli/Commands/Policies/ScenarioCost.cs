namespace TraceLab.Cli.Commands.Policies;

/// <summary>Whether the base and the suggested policy each block one attack scenario.</summary>
internal sealed record ScenarioCost(string Scenario, bool BaseBlocks, bool SuggestedBlocks)
{
    /// <summary>The scenario's line in the listing, one of four, in the order the listing prints them.</summary>
    public string Change => (BaseBlocks, SuggestedBlocks) switch
    {
        (true, false) => NowLetThrough,
        (true, true) => StillBlocked,
        (false, true) => BlockedOnlyBySuggested,
        _ => NeverBlocked,
    };

    public const string NowLetThrough = "now let through";
    public const string StillBlocked = "still blocked";
    public const string BlockedOnlyBySuggested = "blocked only by the suggested policy";
    public const string NeverBlocked = "not blocked by the base policy either";

    public static readonly string[] Changes = [NowLetThrough, StillBlocked, BlockedOnlyBySuggested, NeverBlocked];
}
