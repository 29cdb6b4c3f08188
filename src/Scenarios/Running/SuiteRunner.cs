using TraceLab.Recorder.Hosting;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Results;

namespace TraceLab.Scenarios.Running;

/// <summary>Runs scenarios against a server with the probe, several at once, and collects their results in the order
/// given.</summary>
/// <remarks>Each scenario has its own database and role names, so they never see each other's objects and can run in
/// any order and at the same time. A scenario that cannot run is a result like any other; the others still run.</remarks>
public sealed class SuiteRunner(SuiteServer server, TimeProvider time)
{
    /// <summary>Runs <paramref name="scenarios"/> under <paramref name="options"/>.</summary>
    public async Task<SuiteReport> RunAsync(IReadOnlyList<Scenario> scenarios, SuiteOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(options);
        var host = await RecorderHost.StartAsync(server.EventStoreConnectionString, ct);
        await using var recorder = new SuiteRecorder(host, server.SpoolDirectory);
        var results = new ScenarioResult[scenarios.Count];
        var done = 0L;
        options.Progress?.Report((0, scenarios.Count));
        await Parallel.ForEachAsync(
            Enumerable.Range(0, scenarios.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = ct },
            async (index, token) =>
            {
                results[index] = await new ScenarioRun(scenarios[index], server, options, recorder, time).RunAsync(token);
                options.Progress?.Report((Interlocked.Increment(ref done), scenarios.Count));
            });
        return new SuiteReport([.. options.Policies.Select(p => p.Name)], results) { Enforced = options.Enforcement is not null };
    }
}
