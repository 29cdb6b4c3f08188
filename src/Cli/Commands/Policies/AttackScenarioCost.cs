using TraceLab.Errors;
using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Scenarios.Running;
using TraceLab.Traces;

namespace TraceLab.Cli.Commands.Policies;

/// <summary>What a relaxed policy costs: each catalogue attack scenario's recorded trace replayed under the base
/// policy and the suggested one, and whether each blocks the attack (blocks at least one of its operations).</summary>
internal static class AttackScenarioCost
{
    /// <summary>Where the attack scenarios' traces are, inside the checkout (written by scripts/make-golden-traces.sh).</summary>
    public static readonly string[] TraceDirectory = ["scenarios", "recorded", "attacks"];

    /// <summary>Each trace of <paramref name="directory"/> in name order, replayed under both policies; a trace that
    /// cannot be read is reported as a warning and left out.</summary>
    public static async Task<IReadOnlyList<ScenarioCost>> ReplayAsync(
        string directory, IPolicy basePolicy, IPolicy suggested, CancellationToken cancellation)
    {
        var costs = new List<ScenarioCost>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.tltrace").Order(StringComparer.Ordinal))
        {
            try
            {
                costs.Add(await ReplayOneAsync(path, basePolicy, suggested, cancellation));
            }
            catch (TraceLabException e)
            {
                ErrorPrinter.Write(Console.Error, ErrorSeverity.Warning, e.Message, e.Detail,
                    "The scenario is left out of the list below; run scripts/make-golden-traces.sh to record it again.");
            }
        }

        return costs;
    }

    private static async Task<ScenarioCost> ReplayOneAsync(string path, IPolicy basePolicy, IPolicy suggested, CancellationToken cancellation)
    {
        var trace = await TraceFileReader.OpenAsync(path, cancellation);
        var recorded = await trace.ListSessionsAsync(cancellation);
        var sessions = recorded.Select(s => new RecordedSession(s.SessionId, trace.ReadEventsAsync(s.SessionId, cancellation))).ToList();
        var engine = new ReplayEngine([basePolicy, suggested], ParallelLeaders.ResolverFor(recorded));
        var footer = await engine.RunAsync(sessions, [], ReplayOptions.Default with { MaxShapes = 0 }, cancellation);
        var totals = footer.Summary.Totals;
        return new ScenarioCost(Path.GetFileNameWithoutExtension(path), totals[0].Blocked > 0, totals[1].Blocked > 0);
    }
}
