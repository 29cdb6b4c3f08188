using TraceLab.Scenarios.Results;

namespace TraceLab.Scenarios.Running;

/// <summary>Ends one scenario's run early: the scenario could not run, for the reason in <see cref="Error"/>.</summary>
/// <remarks>Never leaves the runner: it becomes the scenario's <see cref="ScenarioResult.Error"/>, and the other
/// scenarios still run.</remarks>
internal sealed class ScenarioCannotRunException(ScenarioError error) : Exception(error.Message)
{
    public ScenarioError Error { get; } = error;
}
