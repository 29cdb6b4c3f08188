using TraceLab.Replayer;
using TraceLab.Scenarios.Agreement;
using TraceLab.Scenarios.Naming;
using TraceLab.Store;

namespace TraceLab.Scenarios.Running;

/// <summary>The replay of a scenario's unenforced run, as <c>--enforce</c> compares it: per policy, every session's
/// operations with the outcome the replay gives them.</summary>
/// <param name="Sessions">The run's recorded sessions in start order, labelled (<see cref="RunSessionLabels"/>).</param>
internal sealed record Prediction(
    ReplayReport Report,
    IReadOnlyList<(RecordedSessionSummary Session, string Label, bool Background)> Sessions,
    RoleRenamer Names)
{
    /// <summary>The sessions with their operations' outcomes under <paramref name="policy"/>.</summary>
    public IReadOnlyList<RecordedRunSession<PredictedOperation>> For(string policy)
    {
        var bySession = Report.Operations.ToLookup(o => o.Operation.SessionId, StringComparer.Ordinal);
        return
        [
            .. Sessions.Select(s => new RecordedRunSession<PredictedOperation>(s.Label, s.Background,
                [.. bySession[s.Session.SessionId].Select(o => Predicted(o, policy))])),
        ];
    }

    private PredictedOperation Predicted(ReplayedOperation replayed, string policy)
    {
        var verdict = replayed.Verdicts.First(v => v.Policy == policy);
        var message = verdict.Outcome is Outcome.Blocked or Outcome.Warned && verdict.Verdict.Message is { } text
            ? new EnforcementMessage(
                ComparedOperations.Restore(text, Names),
                ComparedOperations.RestoreOrNull(verdict.Verdict.Detail, Names),
                ComparedOperations.RestoreOrNull(verdict.Verdict.Hint, Names))
            : null;
        var judged = verdict.JudgedChain is { } chain ? replayed.Operation with { Chain = chain } : replayed.Operation;
        return new PredictedOperation(ComparedOperations.Of(judged, Names), verdict.Outcome, message);
    }
}
