using JasperFx.Core;
using TraceLab.Distributed.Jobs;
using TraceLab.Distributed.Storage;
using Wolverine;
using Wolverine.Postgresql;

namespace TraceLab.Distributed.Hosting;

/// <summary>The Wolverine setup of coordinators and workers: the durable PostgreSQL queue of
/// <see cref="ReplaySessions"/> jobs in the event store's database, and the durability agent's timings.</summary>
/// <remarks>
/// <para>The queue's table, and Wolverine's inbox and node tables, live in <see cref="JobStore.SchemaName"/>. Every
/// worker is a Wolverine node (<see cref="ConfigureWorker"/>); a coordinator only publishes
/// (<see cref="ConfigureCoordinator"/>). A worker takes a job by moving it from the queue table into its durable inbox
/// under its node number, in one transaction; the job leaves the inbox only once handled. Each worker writes a
/// heartbeat every <see cref="HeartbeatInterval"/>; a worker silent for <see cref="StaleNodeTimeout"/>, seen so on two
/// health checks in a row (Wolverine's <c>StaleNodeEjectionThreshold</c>), is ejected by the others, which releases
/// its inbox rows, and the durability agent of the database (on one live worker, every
/// <see cref="RecoveryInterval"/>) takes them. A worker killed with SIGKILL thus loses its jobs to another worker
/// about 7 to 10 seconds later, once another worker runs.</para>
/// <para>Wolverine's defaults (10 s heartbeat, 1 min stale timeout, 5 s recovery and queue polling) would take more
/// than two minutes to redeliver, and poll the queue 50 times less often than <see cref="QueuePollingInterval"/>.</para>
/// </remarks>
public static class JobQueueSetup
{
    /// <summary>The queue's name (its table is <c>tracelab_jobs.wolverine_queue_replay_jobs</c>).</summary>
    public const string Name = "replay_jobs";

    /// <summary>How often a worker looks for jobs when the queue is idle.</summary>
    public static readonly TimeSpan QueuePollingInterval = 100.Milliseconds();

    /// <summary>How often every node writes its heartbeat and checks the others'.</summary>
    public static readonly TimeSpan HeartbeatInterval = 1.Seconds();

    /// <summary>How old a node's last heartbeat may be before it counts as dead.</summary>
    /// <remarks>Long enough for a worker whose cores are busy replaying to keep its heartbeat; a live worker taken for
    /// dead only costs its jobs a second replay, whose results overwrite the first.</remarks>
    public static readonly TimeSpan StaleNodeTimeout = 5.Seconds();

    /// <summary>How often a node recovers inbox rows that no live node owns, and reassigns a dead node's.</summary>
    public static readonly TimeSpan RecoveryInterval = 1.Seconds();

    /// <summary>Applies the shared setup to <paramref name="options"/>.</summary>
    /// <param name="options">Wolverine's options.</param>
    /// <param name="connectionString">The event-store database, in Npgsql's form.</param>
    public static void Configure(WolverineOptions options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UsePostgresqlPersistenceAndTransport(connectionString, JobStore.SchemaName, transportSchema: JobStore.SchemaName)
            .AutoProvision();

        // Extension discovery is off (it scans every loaded assembly), so the runtime compiler of Dynamic codegen is
        // registered by hand, and handlers are looked for in this assembly only.
        options.UseRuntimeCompilation();
        options.ApplicationAssembly = typeof(JobQueueSetup).Assembly;

        var durability = options.Durability;
        durability.FirstHealthCheckExecution = HeartbeatInterval;
        durability.HealthCheckPollingTime = HeartbeatInterval;
        durability.StaleNodeTimeout = StaleNodeTimeout;
        durability.NodeReassignmentPollingTime = RecoveryInterval;
        durability.OrphanedMessageSweepPollingTime = RecoveryInterval;
        durability.ScheduledJobFirstExecution = RecoveryInterval;
        durability.ScheduledJobPollingTime = RecoveryInterval;

    }

    /// <summary>A worker: a node of the cluster (<see cref="DurabilityMode.Balanced"/>), with heartbeats, inbox
    /// recovery and a share of Wolverine's agents.</summary>
    public static void ConfigureWorker(WolverineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Durability.Mode = DurabilityMode.Balanced;
        options.Durability.DrainTimeout = StopDrainTimeout;
    }

    /// <summary>How long a stopping worker waits for the jobs in hand before it hands them back unfinished.</summary>
    /// <remarks>A job is replayed whole again wherever it goes next, so waiting longer saves nothing but a part of one
    /// job, and a service manager's stop should be prompt.</remarks>
    public static readonly TimeSpan StopDrainTimeout = 2.Seconds();

    /// <summary>A coordinator: a node that publishes jobs through its durable outbox, and never leads the cluster nor
    /// runs its durability agent.</summary>
    /// <remarks>
    /// <para>The durability agent recovers a dead worker's jobs into the local listener of the node that runs it. A
    /// coordinator has no listener: holding the agent, it would leave a killed worker's jobs where they are until it
    /// left. Nor does it lead: it comes and goes with every replay, and each time the cluster would elect anew.</para>
    /// <para>A PostgreSQL queue cannot be sent to inline, so a coordinator is a node all the same; its outbox sends each
    /// job as it is published, and a job it could not send is sent by a worker's durability agent once the
    /// coordinator is gone.</para>
    /// </remarks>
    public static void ConfigureCoordinator(WolverineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Durability.Mode = DurabilityMode.Balanced;
        options.Durability.DurabilityAgentEnabled = false;
        options.Durability.LeadershipEligible = false;
        options.PublishMessage<ReplaySessions>().ToPostgresqlQueue(Name).UseDurableOutbox();
    }
}
