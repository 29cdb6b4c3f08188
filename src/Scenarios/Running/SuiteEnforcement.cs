namespace TraceLab.Scenarios.Running;

/// <summary><c>suite run --enforce</c>: where the server finds each policy compiled, so that every scenario runs again
/// once per policy with that policy enforced.</summary>
/// <param name="PolicyFiles">Per policy name (as <see cref="SuiteOptions.Policies"/> name them), the compiled policy
/// file as the server reads it (<see cref="ScenarioEnforcement.PolicyFile"/>).</param>
public sealed record SuiteEnforcement(IReadOnlyDictionary<string, string> PolicyFiles);
