using TraceLab.Scenarios.Format;

namespace TraceLab.Scenarios.Results;

/// <summary>One scenario's run: its status, reality check, the result of every policy, and where it ran.</summary>
/// <param name="Database">The scenario's database (<c>tls_4f2a9c_db</c>); kept only with <c>--keep</c>.</param>
/// <param name="RolePrefix">The prefix of the run's role names (<c>tls_4f2a9c_</c>).</param>
/// <param name="Policies">One per policy replayed, in the order given.</param>
public sealed record ScenarioResult(
    Scenario Scenario,
    ScenarioStatus Status,
    RealityResult? Reality,
    IReadOnlyList<PolicyResult> Policies,
    string Database,
    string RolePrefix,
    IReadOnlyList<RecordedSessionRef> Sessions,
    ScenarioError? Error)
{
    /// <summary>Whether the database, roles and recorded sessions were left in place (<c>--keep</c>).</summary>
    public bool Kept { get; init; }

    /// <summary>With <c>suite run --enforce</c>: one per policy, in the order given, the replay's predictions checked
    /// against a run with that policy enforced; empty otherwise, and when the scenario could not run.</summary>
    public IReadOnlyList<AgreementResult> Agreement { get; init; } = [];

    /// <summary>How long the run took, from creating the database to the comparison.</summary>
    public TimeSpan Elapsed { get; init; }
}
