using TraceLab.Replayer;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;
using TraceLab.Scenarios.Results;

namespace TraceLab.Scenarios.Running;

/// <summary>Runs one scenario from start to finish: the run itself (<see cref="ScenarioDriver"/>), ingest, replay under
/// every policy, the comparison with the file's expectations and the cleanup; with <c>--enforce</c>, then the runs
/// under each policy enforced (<see cref="EnforcedRun"/>).</summary>
internal sealed class ScenarioRun(Scenario scenario, SuiteServer server, SuiteOptions options, SuiteRecorder recorder, TimeProvider time)
{
    public async Task<ScenarioResult> RunAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        // Under --enforce the run the replay predicts from is explicitly unenforced, whatever the server's settings.
        var driver = new ScenarioDriver(scenario, server, options, time, options.Enforcement is null ? null : ScenarioEnforcement.Off);
        RealityResult? reality = null;
        IReadOnlyList<PolicyResult> policies = [];
        IReadOnlyList<RecordedSessionRef> recorded = [];
        Prediction? prediction = null;
        ScenarioError? error = null;
        try
        {
            reality = await driver.RunAsync(ct);
            (recorded, policies, prediction) = await ReplayAsync(driver, ct);
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

        var agreement = new List<AgreementResult>();
        if (options.Enforcement is { } enforcement && prediction is not null)
        {
            var enforced = new EnforcedRun(scenario, server, options, recorder, time);
            foreach (var policy in options.Policies)
            {
                var expectChange = scenario is { Kind: ScenarioKind.Attack, ProtectedBy: null }
                    ? policies.First(p => p.Policy == policy.Name).Actual.Blocked.Count > 0
                    : (bool?)null;
                agreement.Add(await enforced.RunAsync(policy, enforcement.PolicyFiles[policy.Name],
                    prediction.For(policy.Name), reality, expectChange, ct));
            }
        }

        var status = error is not null ? ScenarioStatus.CouldNotRun
            : policies.Any(p => p.Cell == MatrixCell.Mismatch) || reality is { Matches: false } ? ScenarioStatus.Mismatch
            : ScenarioStatus.Passed;
        return new ScenarioResult(scenario, status, reality, policies, driver.Names.Database, driver.Names.Prefix, recorded, error)
        {
            Kept = options.Keep && driver.Created,
            Elapsed = time.GetElapsedTime(started),
            Agreement = agreement,
        };
    }

    private async Task<(IReadOnlyList<RecordedSessionRef>, IReadOnlyList<PolicyResult>, Prediction)> ReplayAsync(
        ScenarioDriver driver, CancellationToken ct)
    {
        var names = driver.Names;
        var (all, mine) = await RunRecording.ListAsync(recorder, names, ct);
        var engine = new ReplayEngine(options.Policies, options.LeaderResolver?.Invoke(all));
        var report = await engine.ReplayAsync(
            mine.Select(s => new RecordedSession(s.SessionId, recorder.Sessions.ReadEventsAsync(s.SessionId, ct)) { EventCount = s.EventCount }),
            ct);
        var results = options.Policies.Select(p =>
        {
            var expected = scenario.ExpectationFor(p.Name);
            var actual = OutcomeCollector.Collect(report, p.Name, names).As(expected);
            return new PolicyResult(p.Name, expected, actual, ExpectationMatcher.Judge(expected, actual));
        }).ToList();
        var prediction = new Prediction(report, RunSessionLabels.Of(mine, driver.Opened), names);
        return ([.. mine.Select(s => new RecordedSessionRef(s.SessionId, names.Restore(s.SessionUser), s.BackendType))], results, prediction);
    }
}
