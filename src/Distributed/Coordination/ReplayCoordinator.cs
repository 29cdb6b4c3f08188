using Marten;
using Microsoft.Extensions.Logging;
using TraceLab.Distributed.Hosting;
using TraceLab.Distributed.Jobs;
using TraceLab.Distributed.Policies;
using TraceLab.Distributed.Storage;
using TraceLab.Replayer.Output;

namespace TraceLab.Distributed.Coordination;

/// <summary>The coordinator's side of a distributed replay: publishes a run's jobs, hands the sessions' results over in
/// report order as they arrive, and removes the run's documents.</summary>
/// <remarks>
/// <para>Jobs go out through Wolverine's durable outbox; results come back as Marten documents keyed by (run,
/// session), so each session is read once whatever was redelivered. The coordinator reads them in report order as they
/// come, looking the next one up by its key while it is not there yet (no lease or lock of our own), so the report is
/// assembled while the workers replay the sessions after it.</para>
/// <code>
/// await using var coordinator = await ReplayCoordinator.StartAsync(connectionString, TimeProvider.System, ct);
/// var run = await coordinator.PublishAsync(sessions, ReportKind.Replay, policies, ct);
/// await engine.AssembleAsync(run.ResultsAsync(onWaiting, ct), writers, options, sessionIds, eventsTotal, ct);
/// await run.DisposeAsync(); // deletes the run's documents
/// </code>
/// </remarks>
public sealed class ReplayCoordinator : IAsyncDisposable
{
    private readonly NodeHost node;
    private readonly DocumentStore store;
    private readonly TimeProvider time;

    private ReplayCoordinator(NodeHost node, DocumentStore store, TimeProvider time)
    {
        this.node = node;
        this.store = store;
        this.time = time;
    }

    /// <summary>How often the coordinator looks for the next session's result while it is not there yet.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the coordinator waits for a first result before it says it is waiting for workers.</summary>
    public static readonly TimeSpan WaitingNoticeAfter = TimeSpan.FromSeconds(3);

    /// <summary>Starts a publishing node and the job store on the event-store database.</summary>
    public static async Task<ReplayCoordinator> StartAsync(string connectionString, TimeProvider time, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(time);
        var store = JobStore.Create(connectionString);
        try
        {
            await JobStore.CreateTablesAsync(store, connectionString, cancellation);
            var node = await NodeHost.StartAsync(
                connectionString,
                LogLevel.Warning,
                LogLevel.Error,
                _ => { },
                // The coordinator publishes jobs and handles none.
                options =>
                {
                    JobQueueSetup.ConfigureCoordinator(options);
                    options.Discovery.DisableConventionalDiscovery();
                },
                cancellation);
            return new ReplayCoordinator(node, store, time);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers a run and publishes its jobs.</summary>
    /// <param name="sessions">The sessions in report order, with their event counts when known (for batching).</param>
    /// <param name="kind">Replay or diff.</param>
    /// <param name="policies">The policies in report order, with their definitions (for the content hash).</param>
    public async Task<DistributedRun> PublishAsync(
        IReadOnlyList<(string SessionId, long? EventCount)> sessions,
        ReportKind kind,
        IReadOnlyList<ResolvedPolicy> policies,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(policies);
        await DeleteAbandonedRunsAsync(cancellation);
        var runId = Guid.CreateVersion7(time.GetUtcNow());
        await using (var session = store.LightweightSession())
        {
            session.Store(new ReplayRunDocument
            {
                Id = runId,
                Sessions = sessions.Count,
                Started = time.GetUtcNow(),
                CoordinatorNode = node.Runtime.Options.UniqueNodeId,
            });
            await session.SaveChangesAsync(cancellation);
        }

        long? eventsTotal = sessions.All(s => s.EventCount is not null) ? sessions.Sum(s => s.EventCount ?? 0) : null;
        var run = new DistributedRun(store, time, runId, [.. sessions.Select(s => s.SessionId)], eventsTotal);
        try
        {
            var names = policies.Select(p => p.Name).ToArray();
            var hash = PolicyContentHash.Of(policies.Select(p => p.Definition));
            foreach (var batch in JobBatches.Cut(sessions))
            {
                await node.Bus.PublishAsync(new ReplaySessions(runId, batch, kind, names, hash));
            }

            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Deletes the runs whose coordinator is no longer a node of the cluster (killed before it could delete
    /// its run), with their results and failures, so that workers discard their queued jobs.</summary>
    /// <remarks>A coordinator's node heartbeats like a worker's and is ejected like one when it stops; a run younger
    /// than <see cref="AbandonedAfter"/> is kept whatever the node table says, so that a coordinator taken for dead for
    /// a moment (and registered again at its next heartbeat) never loses its run.</remarks>
    private async Task DeleteAbandonedRunsAsync(CancellationToken cancellation)
    {
        var live = (await node.Runtime.Storage.Nodes.LoadAllNodesAsync(cancellation)).Select(n => n.NodeId).ToHashSet();
        var before = time.GetUtcNow() - AbandonedAfter;
        await using var session = store.LightweightSession();
        var abandoned = (await session.Query<ReplayRunDocument>().Where(r => r.Started < before).ToListAsync(cancellation))
            .Where(r => !live.Contains(r.CoordinatorNode))
            .Select(r => r.Id)
            .ToList();
        if (abandoned.Count == 0)
        {
            return;
        }

        session.DeleteWhere<ReplayRunDocument>(r => abandoned.Contains(r.Id));
        session.DeleteWhere<SessionResultDocument>(r => abandoned.Contains(r.RunId));
        session.DeleteWhere<JobFailureDocument>(f => abandoned.Contains(f.RunId));
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>How old a run must be before a missing coordinator node makes it abandoned.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await node.DisposeAsync();
        }
        finally
        {
            await store.DisposeAsync();
        }
    }
}
