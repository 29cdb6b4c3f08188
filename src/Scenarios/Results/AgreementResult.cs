using TraceLab.Scenarios.Agreement;

namespace TraceLab.Scenarios.Results;

/// <summary>One scenario under one policy enforced (<c>suite run --enforce</c>): the replay's predictions compared with
/// the run in which the probe enforced the policy in <c>block</c> mode.</summary>
/// <param name="Tally">The comparison; <c>null</c> when the enforced run could not be made.</param>
/// <param name="Reality">The reality check after the enforced run; <c>null</c> when the scenario has none or the run
/// could not be made.</param>
/// <param name="Notes">What the enforced run did not do as the file says (a wait that timed out under the policy).</param>
/// <param name="Error">Why the enforced run could not be made; <c>null</c> when it was.</param>
/// <param name="Database">The enforced run's database (kept only with <c>--keep</c>).</param>
/// <param name="RolePrefix">The prefix of the enforced run's role names.</param>
/// <param name="Sessions">The sessions the enforced run recorded.</param>
public sealed record AgreementResult(
    string Policy,
    AgreementTally? Tally,
    EnforcedReality? Reality,
    IReadOnlyList<string> Notes,
    ScenarioError? Error,
    string Database,
    string RolePrefix,
    IReadOnlyList<RecordedSessionRef> Sessions)
{
    /// <summary>The cell.</summary>
    public AgreementStatus Status =>
        Error is not null || Tally is null ? AgreementStatus.CouldNotRun
        : Tally.Agreed == Tally.Total && Reality is not { Agrees: false } ? AgreementStatus.Agree
        : AgreementStatus.Disagree;

    /// <summary>Whether the database, roles and recorded sessions were left in place (<c>--keep</c>).</summary>
    public bool Kept { get; init; }
}
