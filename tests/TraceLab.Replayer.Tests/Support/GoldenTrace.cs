using System.Security.Cryptography;
using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;
using TraceLab.Scenarios;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Naming;
using TraceLab.Scenarios.Running;
using TraceLab.Store;
using TraceLab.Traces;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>One catalogue scenario and its golden trace: the sessions the real probe recorded when
/// <c>scripts/make-golden-traces.sh</c> ran the scenario with <c>tracelab suite run --keep</c>, read with no database.</summary>
/// <remarks>The run gave the scenario's roles its own prefix (<c>tls_4f2a9c_mallory</c>); <see cref="Names"/> maps them
/// back to the header's names, as the runner does, so that tests compare with what the scenario file says.</remarks>
internal sealed class GoldenTrace
{
    private static readonly Lazy<IReadOnlyList<Scenario>> LoadedCatalogue =
        new(() => ScenarioCatalog.Load([Path.Combine(AppContext.BaseDirectory, "scenarios")]));

    private static readonly Lazy<IReadOnlyDictionary<string, string>> LoadedManifest = new(ReadManifest);

    private static readonly Dictionary<string, GoldenTrace> Loaded = [];

    /// <summary>The catalogue's recorded traces, copied beside the tests from <c>scenarios/recorded</c>.</summary>
    private static readonly string Recorded = Path.Combine(AppContext.BaseDirectory, "scenarios", "recorded");

    private readonly Lazy<IReadOnlyList<Operation>> operations;

    private GoldenTrace(
        Scenario scenario, RoleRenamer names, IReadOnlyList<RecordedSessionSummary> sessions,
        IReadOnlyDictionary<string, IReadOnlyList<IRecordedFrame>> frames)
    {
        Scenario = scenario;
        Names = names;
        Sessions = sessions;
        FramesOf = frames;
        operations = new(() => [.. Sessions.SelectMany(s => ProvenanceBuilder.Build(s.SessionId, FramesOf[s.SessionId], Leaders))]);
    }

    /// <summary>Every scenario of the catalogue (<c>scenarios/</c>, copied beside the tests), in path order.</summary>
    public static IReadOnlyList<Scenario> Catalogue => LoadedCatalogue.Value;

    /// <summary>The scenario file's SHA-256 when its trace was recorded, by catalogue path
    /// (<c>scenarios/attacks/x.sql</c>), from <c>scenarios/recorded/MANIFEST</c>.</summary>
    public static IReadOnlyDictionary<string, string> Manifest => LoadedManifest.Value;

    public Scenario Scenario { get; }

    /// <summary>The run's role names and back.</summary>
    public RoleRenamer Names { get; }

    /// <summary>The recorded sessions, by backend start.</summary>
    public IReadOnlyList<RecordedSessionSummary> Sessions { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<IRecordedFrame>> FramesOf { get; }

    /// <summary>Finds parallel workers' leaders among the trace's sessions, as <c>suite run</c> does.</summary>
    public LeaderSessionResolver Leaders => ParallelLeaders.ResolverFor(Sessions);

    /// <summary>The catalogue scenario with id <paramref name="id"/>.</summary>
    public static Scenario ScenarioOf(string id) => Catalogue.Single(s => s.Id == id);

    /// <summary>The scenario's path inside the catalogue, as the manifest names it: <c>scenarios/attacks/x.sql</c>.</summary>
    public static string CataloguePath(Scenario scenario) =>
        "scenarios/" + Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "scenarios"), scenario.Path).Replace('\\', '/');

    /// <summary>The trace file of <paramref name="scenario"/>: <c>scenarios/recorded/attacks/x.tltrace</c>.</summary>
    public static string TracePath(Scenario scenario) =>
        Path.Combine(Recorded, Path.GetFileName(Path.GetDirectoryName(scenario.Path)!), scenario.Id + ".tltrace");

    /// <summary>The SHA-256 of the scenario file as it is now, in <c>sha256sum</c>'s spelling.</summary>
    public static string CurrentHash(Scenario scenario) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(scenario.Path))).ToLowerInvariant();

    /// <summary>The golden trace of catalogue scenario <paramref name="id"/>, read once per test run.</summary>
    public static GoldenTrace Of(string id)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(id, out var trace))
            {
                trace = LoadAsync(ScenarioOf(id)).GetAwaiter().GetResult();
                Loaded.Add(id, trace);
            }

            return trace;
        }
    }

    /// <summary>The sessions, for a <see cref="ReplayEngine"/>.</summary>
    public RecordedSession[] ToSessions() =>
        [.. Sessions.Select(s => RecordedSession.FromFrames(s.SessionId, FramesOf[s.SessionId]))];

    /// <summary>Every operation of every session, as the provenance builder rebuilds it (built once per trace).</summary>
    public IReadOnlyList<Operation> Operations() => operations.Value;

    /// <summary>The first operation with the command tag <paramref name="command"/>: mallory's escalation, the first time it
    /// ran (code that runs once per row escalates again, as a superuser by then).</summary>
    public Operation First(string command = "ALTER ROLE") => Operations().First(o => o.Command == command);

    /// <summary>The last operation with the command tag <paramref name="command"/>.</summary>
    public Operation Last(string command = "ALTER ROLE") => Operations().Last(o => o.Command == command);

    /// <summary>The first operation <paramref name="policy"/> blocks.</summary>
    public Operation FirstBlockedBy(Func<Operation, Verdict> policy) => Operations().First(o => policy(o).IsBlocked);

    /// <summary>The last operation <paramref name="policy"/> blocks.</summary>
    public Operation LastBlockedBy(Func<Operation, Verdict> policy) => Operations().Last(o => policy(o).IsBlocked);

    /// <summary><see cref="ChainAssertions.Trail"/> in the header's role names.</summary>
    public string[] Trail(Operation operation) => [.. operation.Trail().Select(Names.Restore)];

    /// <summary><paramref name="text"/> (a verdict's message, hint, chain sentence) in the header's role names.</summary>
    public string Restore(string text) => Names.Restore(text);

    /// <summary>A replay of every session under <paramref name="policies"/>.</summary>
    public Task<ReplayReport> ReplayAsync(IReadOnlyList<IPolicy> policies, CancellationToken cancellationToken) =>
        new ReplayEngine(policies, Leaders).ReplayAsync(ToSessions(), cancellationToken);

    private static async Task<GoldenTrace> LoadAsync(Scenario scenario)
    {
        var trace = await TraceFileReader.OpenAsync(TracePath(scenario));
        var sessions = await trace.ListSessionsAsync();
        var frames = new Dictionary<string, IReadOnlyList<IRecordedFrame>>();
        foreach (var session in sessions)
        {
            frames[session.SessionId] = await trace.ReadEventsAsync(session.SessionId).ToListAsync();
        }

        // The runner names a scenario's database <prefix>db, and its roles <prefix><role>.
        var database = sessions.Select(s => s.Database).Distinct().Single();
        var names = new RoleRenamer(database[..^"db".Length], scenario.Roles.Select(r => r.Name));
        return new GoldenTrace(scenario, names, sessions, frames);
    }

    private static Dictionary<string, string> ReadManifest() =>
        File.ReadAllLines(Path.Combine(Recorded, "MANIFEST"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => parts[1], parts => parts[0], StringComparer.Ordinal);
}
