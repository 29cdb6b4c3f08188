namespace TraceLab.Scenarios.Results;

/// <summary>The reality check's outcome: what stock PostgreSQL did, against what the scenario says it does.</summary>
public sealed record RealityResult(string Query, string Expected, string Actual)
{
    /// <summary>Whether the actual value is the expected one.</summary>
    public bool Matches => Expected == Actual;

    /// <summary><c>ok</c> or <c>mismatch</c>, the one spelling reports use.</summary>
    public string Status => Matches ? Ok : MismatchName;

    public const string Ok = "ok";

    public const string MismatchName = "mismatch";
}
