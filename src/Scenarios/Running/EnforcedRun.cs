using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Scenarios.Agreement;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Results;

namespace TraceLab.Scenarios.Running;

/// <summary>Runs a scenario again with one policy enforced in <c>block</c> mode (<c>suite run --enforce</c>) and compares
/// what happened with what the replay of the unenforced run predicted.</summary>
/// <remarks>The run is a run like the first (a fresh database and roles, the same setup and steps, recorded as usual):
/// only its database carries the policy, set after <c>@setup</c>. Its recording is read back whole, session by session,
/// which is fine for a scenario.</remarks>
internal sealed class EnforcedRun(Scenario scenario, SuiteServer server, SuiteOptions options, SuiteRecorder recorder, TimeProvider time)
{
    /// <param name="policy">The policy enforced.</param>
    /// <param name="policyFile">Its compiled file, as the server reads it.</param>
    /// <param name="predicted">The unenforced run's sessions with the replay's outcomes under the policy.</param>
    /// <param name="unenforcedReality">The reality check after the unenforced run, if the scenario has one.</param>
    /// <param name="expectChange">See <see cref="EnforcedReality.ExpectedChange"/>.</param>
    public async Task<AgreementResult> RunAsync(
        IPolicy policy,
        string policyFile,
        IReadOnlyList<RecordedRunSession<PredictedOperation>> predicted,
        RealityResult? unenforcedReality,
        bool? expectChange,
        CancellationToken ct)
    {
        var driver = new ScenarioDriver(scenario, server, options, time, new ScenarioEnforcement(policyFile));
        AgreementTally? tally = null;
        EnforcedReality? reality = null;
        IReadOnlyList<RecordedSessionRef> recorded = [];
        ScenarioError? error = null;
        try
        {
            var check = await driver.RunAsync(ct);
            var names = driver.Names;
            var (_, mine) = await RunRecording.ListAsync(recorder, names, ct);
            var engine = new ReplayEngine([policy]);
            var sessions = new List<RecordedRunSession<EnforcedOperation>>();
            foreach (var (session, label, background) in RunSessionLabels.Of(mine, driver.Opened))
            {
                var frames = new List<IRecordedFrame>();
                await foreach (var frame in recorder.Sessions.ReadEventsAsync(session.SessionId, ct))
                {
                    frames.Add(frame);
                }

                sessions.Add(new RecordedRunSession<EnforcedOperation>(label, background,
                    await EnforcedOperations.ReadAsync(session.SessionId, frames, engine, names, ct)));
            }

            tally = AgreementComparer.Compare(predicted, sessions);
            reality = check is not null && unenforcedReality is not null
                ? new EnforcedReality(check.Query, unenforcedReality.Actual, check.Actual, expectChange)
                : null;
            recorded = [.. mine.Select(s => new RecordedSessionRef(s.SessionId, names.Restore(s.SessionUser), s.BackendType))];
        }
        catch (Exception e) when (driver.Describe(e, ct) is not null)
        {
            error = driver.Describe(e, ct);
        }
        finally
        {
            await driver.CloseSessionsAsync();
            if (driver.Created && !options.Keep)
            {
                await driver.CleanUpAsync();
            }
        }

        return new AgreementResult(policy.Name, tally, reality, [.. driver.Notes], error, driver.Names.Database, driver.Names.Prefix, recorded)
        {
            Kept = options.Keep && driver.Created,
        };
    }
}
