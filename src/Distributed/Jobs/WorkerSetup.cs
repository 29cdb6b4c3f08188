using Marten;
using TraceLab.Distributed.Policies;
using TraceLab.Replayer;
using TraceLab.Store;

namespace TraceLab.Distributed.Jobs;

/// <summary>What a worker process replays with: where sessions and results live, its policies and its name.</summary>
/// <param name="Name">The worker's name in results and refusals (<c>tracelab worker --name</c>).</param>
/// <param name="Sessions">The event store, read only.</param>
/// <param name="Results">The job store (<see cref="Storage.JobStore"/>).</param>
/// <param name="Policies">The worker's own policy files and the built-ins.</param>
/// <param name="LeaderResolver">Builds the resolver of parallel workers' leaders from the recorded sessions, as the
/// single-process replay does, so chains name the same leader sessions.</param>
public sealed record WorkerSetup(
    string Name,
    IRecordedSessions Sessions,
    IDocumentStore Results,
    WorkerPolicies Policies,
    Func<IReadOnlyList<RecordedSessionSummary>, LeaderSessionResolver> LeaderResolver)
{
    /// <summary>Where the worker says what it does: that it waits for jobs, and each job it starts and ends (one line
    /// each; the CLI passes standard output).</summary>
    /// <value>Nowhere.</value>
    public TextWriter Activity { get; init; } = TextWriter.Null;

    /// <summary>A pause before each session, for tests only: it keeps a job in flight long enough to kill its worker.</summary>
    /// <value>None.</value>
    public TimeSpan DelayPerSession { get; init; } = TimeSpan.Zero;
}
