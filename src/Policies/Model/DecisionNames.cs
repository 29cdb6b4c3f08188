namespace TraceLab.Policies.Model;

/// <summary>The one spelling of each <see cref="Decision"/>, as reports and JSON write it.</summary>
public static class DecisionNames
{
    /// <summary>The name of <paramref name="decision"/>.</summary>
    public static string Of(Decision decision) => decision switch
    {
        Decision.Allowed => "allowed",
        Decision.Blocked => "blocked",
        Decision.Warned => "warned",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };
}
