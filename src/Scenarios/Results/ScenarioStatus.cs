namespace TraceLab.Scenarios.Results;

/// <summary>How a scenario's run ended.</summary>
/// <remarks>Spelled by <see cref="ScenarioStatusNames"/>.</remarks>
public enum ScenarioStatus
{
    /// <summary>Every judged policy and the reality check matched.</summary>
    Passed = 0,

    /// <summary>Some policy or the reality check did not match.</summary>
    Mismatch = 1,

    /// <summary>The scenario could not be run (setup failed, a step failed, a wait timed out, …).</summary>
    CouldNotRun = 2,
}

/// <summary>The one spelling of each <see cref="ScenarioStatus"/>.</summary>
public static class ScenarioStatusNames
{
    public static string Of(ScenarioStatus status) => status switch
    {
        ScenarioStatus.Passed => "passed",
        ScenarioStatus.Mismatch => "mismatch",
        ScenarioStatus.CouldNotRun => "could_not_run",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown scenario status."),
    };
}
