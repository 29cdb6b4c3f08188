using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Store;

namespace TraceLab.Scenarios.Running;

/// <summary>How a suite runs: the policies, how many scenarios at once, and whether to keep what they leave.</summary>
public sealed record SuiteOptions(IReadOnlyList<IPolicy> Policies)
{
    /// <summary>Scenarios run at the same time.</summary>
    /// <value>2.</value>
    public int Jobs { get; init; } = 2;

    /// <summary>Leave every scenario's database, roles and recorded sessions in place.</summary>
    public bool Keep { get; init; }

    /// <summary>How long one step may take before the scenario could not run (a lock wait on another session of the
    /// same scenario never ends by itself).</summary>
    /// <value>120 seconds.</value>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long the runner waits for a closed session's backend, and for every backend of the scenario's
    /// database at the end.</summary>
    /// <value>60 seconds.</value>
    public TimeSpan BackendExitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>With <c>--enforce</c>: after each scenario's run, run it again once per policy with the policy enforced
    /// and compare (<see cref="Results.ScenarioResult.Agreement"/>); <c>null</c> otherwise.</summary>
    public SuiteEnforcement? Enforcement { get; init; }

    /// <summary>Builds the replay's resolver of parallel workers' leaders from the recorded sessions.</summary>
    public Func<IReadOnlyList<RecordedSessionSummary>, LeaderSessionResolver>? LeaderResolver { get; init; }

    /// <summary>Told (done, total) each time a scenario finishes.</summary>
    public IProgress<(long Done, long Total)>? Progress { get; init; }
}
