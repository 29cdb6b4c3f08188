using TraceLab.Replayer.Output;

namespace TraceLab.Distributed.Jobs;

/// <summary>Replay these sessions of run <paramref name="RunId"/> and store each one's result: the job message a
/// coordinator publishes on the durable queue and one worker handles.</summary>
/// <param name="RunId">The run, the first half of each result's key.</param>
/// <param name="SessionIds">One session, or a batch of small ones, in report order.</param>
/// <param name="Kind">What the coordinator reports (replay or diff); results hold every operation either way, and
/// the coordinator applies the kind when it assembles the report.</param>
/// <param name="PolicyNames">The policies, in report order.</param>
/// <param name="PolicyHash">The coordinator's <see cref="Policies.PolicyContentHash"/> of those policies; a worker
/// whose own definitions hash otherwise refuses the job.</param>
public sealed record ReplaySessions(
    Guid RunId,
    IReadOnlyList<string> SessionIds,
    ReportKind Kind,
    IReadOnlyList<string> PolicyNames,
    string PolicyHash);

/// <summary>Hands a job to the worker of this process.</summary>
/// <remarks>
/// <para>Wolverine calls it from the durable inbox: the envelope is marked handled only when this returns, so a worker
/// killed in the middle leaves the job in the inbox for another worker (see <see cref="Hosting.JobQueueSetup"/>).</para>
/// <para>The job is not given Wolverine's cancellation: Wolverine cancels it only when the worker stops, after the
/// drain timeout, and a cancelled handler is a failed message, which Wolverine then tries to move to its dead letters
/// while its store is being disposed (the job would be lost, or complained about on standard error). Left running, the
/// job ends with the process, unhandled, and its inbox row goes to another worker like a killed worker's.</para>
/// </remarks>
public static class ReplaySessionsHandler
{
    public static Task Handle(ReplaySessions job, ReplayWorker worker) => worker.RunAsync(job, CancellationToken.None);
}
