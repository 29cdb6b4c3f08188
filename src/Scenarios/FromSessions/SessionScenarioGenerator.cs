using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;
using TraceLab.Scenarios.Naming;
using TraceLab.Scenarios.Writing;
using TraceLab.Store;

namespace TraceLab.Scenarios.FromSessions;

/// <summary>Turns recorded sessions into a scenario draft: reads their transcripts, replays them under the policies,
/// and states each policy's outcome as the expectation, collected exactly as <c>suite run</c> collects it.</summary>
public static class SessionScenarioGenerator
{
    // The recorded names are the header's names: nothing to rename back. (A renamer needs a prefix even when it has
    // no role to rename.)
    private static readonly RoleRenamer RecordedNames = new("unused_", []);

    /// <summary>The draft for <paramref name="selected"/>, sessions of <paramref name="source"/> in the order they
    /// started.</summary>
    public static async Task<ScenarioDraft> GenerateAsync(
        IRecordedSessions source,
        IReadOnlyList<RecordedSessionSummary> selected,
        IReadOnlyList<IPolicy> policies,
        LeaderSessionResolver? leaders,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(policies);
        var ordered = selected.OrderBy(s => s.BackendStart).ThenBy(s => s.SessionId, StringComparer.Ordinal).ToList();
        var transcripts = new List<SessionTranscript>();
        foreach (var session in ordered)
        {
            transcripts.Add(await SessionTranscriptReader.ReadAsync(session, source.ReadEventsAsync(session.SessionId, ct), ct));
        }

        var report = await new ReplayEngine(policies, leaders).ReplayAsync(
            ordered.Select(s => new RecordedSession(s.SessionId, source.ReadEventsAsync(s.SessionId, ct)) { EventCount = s.EventCount }),
            ct);
        var owners = report.Operations.SelectMany(o => o.Operation.Chain).Select(e => e.Owner.Oid).ToHashSet();
        var expectations = policies.Select(p =>
        {
            var outcome = OutcomeCollector.Collect(report, p.Name, RecordedNames).As(null);
            return new PolicyExpectation(p.Name, outcome.Blocked, outcome.Warned);
        }).ToList();
        return SessionScenarioBuilder.Build(transcripts, owners, expectations);
    }
}
