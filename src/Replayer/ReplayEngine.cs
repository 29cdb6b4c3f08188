using System.Runtime.CompilerServices;
using TraceLab.Policies;
using TraceLab.Replayer.Provenance;

namespace TraceLab.Replayer;

/// <summary>Replays recorded sessions under any number of policies in one pass.</summary>
/// <remarks>
/// Each session's events are read once; every operation is rebuilt once and handed to every policy in the order
/// given, so policies are compared on exactly the same operations and chains. Policies are pure, and sessions and
/// operations keep their recorded order, so the same input always gives the same report, byte for byte once
/// rendered. Use <see cref="StreamAsync(RecordedSession, CancellationToken)"/> for sessions too long to collect.
/// </remarks>
public sealed class ReplayEngine
{
    private readonly IPolicy[] policies;
    private readonly LeaderSessionResolver? leaderResolver;

    /// <summary>An engine that evaluates <paramref name="policies"/>, in this order.</summary>
    /// <param name="policies">The policies.</param>
    /// <param name="leaderResolver">Names the leader session of a parallel worker in its chains (the CLI resolves it
    /// from the recorded sessions); without it the chains name the leader's pid.</param>
    /// <exception cref="ArgumentException">Two policies share a name (their verdicts would be indistinguishable).</exception>
    public ReplayEngine(IEnumerable<IPolicy> policies, LeaderSessionResolver? leaderResolver = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        this.leaderResolver = leaderResolver;
        this.policies = [.. policies];
        var duplicate = this.policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Policy name '{duplicate.Key}' is used more than once.", nameof(policies));
        }

        PolicyNames = [.. this.policies.Select(p => p.Name)];
    }

    /// <summary>The policies, in evaluation and report order.</summary>
    public IReadOnlyList<IPolicy> Policies => policies;

    /// <summary>The names of <see cref="Policies"/>.</summary>
    public IReadOnlyList<string> PolicyNames { get; }

    /// <summary>Asks every policy about one operation.</summary>
    public ReplayedOperation Evaluate(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var verdicts = new PolicyVerdict[policies.Length];
        for (var i = 0; i < policies.Length; i++)
        {
            verdicts[i] = PolicyVerdict.Of(policies[i].Name, policies[i].Evaluate(operation));
        }

        return new ReplayedOperation(operation, verdicts);
    }

    /// <summary>The operations of one session with their verdicts, as the events stream in.</summary>
    public async IAsyncEnumerable<ReplayedOperation> StreamAsync(
        RecordedSession session,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await foreach (var operation in ProvenanceBuilder.BuildAsync(session.SessionId, session.Frames, leaderResolver, cancellationToken))
        {
            yield return Evaluate(operation);
        }
    }

    /// <summary>Replays <paramref name="sessions"/> one after another and collects the report.</summary>
    public async Task<ReplayReport> ReplayAsync(IEnumerable<RecordedSession> sessions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        return await ReplayAsync(sessions.ToAsyncEnumerable(), cancellationToken);
    }

    /// <summary>Replays <paramref name="sessions"/> one after another and collects the report.</summary>
    public async Task<ReplayReport> ReplayAsync(
        IAsyncEnumerable<RecordedSession> sessions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var operations = new List<ReplayedOperation>();
        var summary = new ReplaySummaryBuilder(PolicyNames);
        await foreach (var session in sessions.WithCancellation(cancellationToken))
        {
            ArgumentNullException.ThrowIfNull(session, nameof(sessions));
            summary.Begin(session.SessionId);
            var builder = new ProvenanceBuilder(session.SessionId, leaderResolver);
            await foreach (var frame in session.Frames.WithCancellation(cancellationToken))
            {
                if (builder.Observe(frame) is { } operation)
                {
                    var replayed = Evaluate(operation);
                    operations.Add(replayed);
                    summary.Add(replayed);
                }
            }

            summary.SetDatabase(session.SessionId, builder.Database);
        }

        return new ReplayReport(PolicyNames, operations, summary.Build());
    }
}
