using TraceLab.Scenarios.Naming;
using TraceLab.Store;

namespace TraceLab.Scenarios.Running;

/// <summary>What a run of a scenario recorded, once every backend of its database has exited: ingested, and its
/// sessions listed.</summary>
internal static class RunRecording
{
    /// <summary>Ingests the spool directory and lists every recorded session (<c>All</c>, which the replay's resolver
    /// of parallel workers' leaders needs) and those of the run's database (<c>Mine</c>).</summary>
    /// <exception cref="ScenarioCannotRunException">No session of the run was recorded, or one has no end.</exception>
    public static async Task<(IReadOnlyList<RecordedSessionSummary> All, List<RecordedSessionSummary> Mine)> ListAsync(
        SuiteRecorder recorder, RoleRenamer names, CancellationToken ct)
    {
        var ingestErrors = await recorder.IngestAsync(ct);
        var all = await recorder.Sessions.ListSessionsAsync(ct);
        var mine = all.Where(s => s.Database == names.Database).ToList();
        if (mine.Count == 0 || mine.Any(s => s.State == SessionState.Running))
        {
            throw new ScenarioCannotRunException(new Results.ScenarioError(
                mine.Count == 0 ? "no session of the scenario was recorded" : "a session's end was not recorded",
                ingestErrors.Count > 0
                    ? $"Ingest reported: {ingestErrors[0].Message}"
                    : $"Database \"{names.Database}\": {mine.Count} recorded sessions, {mine.Count(s => s.State == SessionState.Running)} without an end.",
                "Check that the server runs the probe (shared_preload_libraries) and that its spool directory is the one given.",
                null,
                []));
        }

        return (all, mine);
    }
}
