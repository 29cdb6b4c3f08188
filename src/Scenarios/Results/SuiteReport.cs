namespace TraceLab.Scenarios.Results;

/// <summary>A suite run: the policies replayed and every scenario's result, in the order the scenarios were given.</summary>
public sealed record SuiteReport(IReadOnlyList<string> Policies, IReadOnlyList<ScenarioResult> Scenarios)
{
    /// <summary>How many scenarios ended with <paramref name="status"/>.</summary>
    public int Count(ScenarioStatus status) => Scenarios.Count(s => s.Status == status);

    /// <summary>Whether the run checked the replay's predictions against enforcement (<c>--enforce</c>): reports then
    /// add the agreement matrix.</summary>
    public bool Enforced { get; init; }

    /// <summary>The agreement matrix counted, overall and per policy (meaningful with <see cref="Enforced"/>).</summary>
    public AgreementSummary Agreement => AgreementSummary.Of(Policies, Scenarios);

    /// <summary>One tally per policy, in <see cref="Policies"/> order.</summary>
    public IReadOnlyList<PolicyTally> Tallies => [.. Policies.Select(p => PolicyTally.Of(p, Scenarios))];
}
