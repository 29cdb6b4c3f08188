using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TraceLab.Distributed.Policies;
using TraceLab.Distributed.Storage;
using TraceLab.Errors;
using TraceLab.Replayer;
using TraceLab.Replayer.Distributed;
using TraceLab.Store;

namespace TraceLab.Distributed.Jobs;

/// <summary>Runs one job: checks that the run is still wanted and that this worker's policies are the coordinator's,
/// replays each session with <see cref="ReplayEngine.ReplaySessionAsync"/> and stores its encoded result.</summary>
/// <remarks>
/// <para>Each session's result is saved as soon as it is replayed, under its (run, session) key: a job redelivered
/// after its worker died redoes its sessions and overwrites whatever the dead worker had saved.</para>
/// <para>A refusal or a failure is stored as a <see cref="JobFailureDocument"/> and the job is done with: retrying it
/// on this worker would fail the same way, and the coordinator reports it at once instead of waiting forever. Only the
/// end of the worker's process (a signal, a crash) leaves the job unhandled, for another worker.</para>
/// </remarks>
public sealed class ReplayWorker(WorkerSetup setup, ILogger<ReplayWorker> logger)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<IReadOnlyList<RecordedSessionSummary>>>> recordedByRun = new();

    public async Task RunAsync(ReplaySessions job, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var session = setup.Results.LightweightSession();
        if (await session.LoadAsync<ReplayRunDocument>(job.RunId, cancellation) is null)
        {
            Log.JobOfFinishedRun(logger, job.RunId, job.SessionIds.Count);
            return;
        }

        var first = job.SessionIds.Count > 0 ? job.SessionIds[0] : "";
        var current = first;
        setup.Activity.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {job.RunId}: replaying {Sessions(job.SessionIds.Count)} ({string.Join(", ", job.SessionIds)})"));
        try
        {
            var policies = CheckPolicies(job);
            var engine = new ReplayEngine(policies, setup.LeaderResolver(await RecordedAsync(job.RunId, cancellation)));
            foreach (var sessionId in job.SessionIds)
            {
                current = sessionId;
                if (setup.DelayPerSession > TimeSpan.Zero)
                {
                    await Task.Delay(setup.DelayPerSession, cancellation);
                }

                var result = await engine.ReplaySessionAsync(
                    new RecordedSession(sessionId, setup.Sessions.ReadEventsAsync(sessionId, cancellation)), cancellation);
                session.Store(new SessionResultDocument
                {
                    Id = SessionResultDocument.KeyOf(job.RunId, sessionId),
                    RunId = job.RunId,
                    SessionId = sessionId,
                    EventsRead = result.EventsRead,
                    Worker = setup.Name,
                    Result = StoredResult.Pack(SessionReplayResultCodec.Encode(result)),
                });
                await session.SaveChangesAsync(cancellation);
            }

            setup.Activity.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {job.RunId}: replayed {Sessions(job.SessionIds.Count)}"));
        }
        catch (TraceLabException refused)
        {
            Log.JobRefused(logger, refused.Message, job.RunId);
            await StoreFailureAsync(job.RunId, first, refused.Message, refused.Detail, refused.Hint, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.JobFailed(logger, job.RunId, e);
            await StoreFailureAsync(
                job.RunId,
                first,
                $"worker \"{setup.Name}\" could not replay session \"{current}\"",
                $"{Sentence(e)}",
                "Check the worker's standard error; run the replay without --distributed to see whether it fails there too.",
                cancellation);
        }
    }

    /// <summary>The worker's policies of the job's names, when their content hash is the job's.</summary>
    /// <exception cref="TraceLabException">A name is unknown here, or the hashes differ.</exception>
    private List<TraceLab.Policies.IPolicy> CheckPolicies(ReplaySessions job)
    {
        var resolved = new List<ResolvedPolicy>();
        foreach (var name in job.PolicyNames)
        {
            resolved.Add(setup.Policies.Find(name) ?? throw new TraceLabException(
                $"worker \"{setup.Name}\" refused the replay: it has no policy \"{name}\"",
                $"The job names the policies {Quoted(job.PolicyNames)} (content hash {job.PolicyHash}); the worker knows no policy \"{name}\" "
                + "among its built-ins and policy files.",
                "Start the worker with the coordinator's policy files (tracelab worker --policy FILE), or stop the worker that differs."));
        }

        var hash = PolicyContentHash.Of(resolved.Select(p => p.Definition));
        if (hash != job.PolicyHash)
        {
            throw new TraceLabException(
                $"worker \"{setup.Name}\" refused the replay: its policies differ from the coordinator's",
                $"The policies {Quoted(job.PolicyNames)} hash to {job.PolicyHash} on the coordinator and to {hash} on worker \"{setup.Name}\".",
                "Give every worker the same policy files as the coordinator (tracelab worker --policy FILE) and the same tracelab "
                + "version for the built-ins, or stop the worker that differs.");
        }

        return [.. resolved.Select(p => p.Policy)];
    }

    private static string Sessions(int count) =>
        count == 1 ? "1 session" : string.Create(CultureInfo.InvariantCulture, $"{count} sessions");

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    private static string Sentence(Exception e)
    {
        var text = e.Message.Trim().TrimEnd('.');
        return text.Length == 0 ? e.GetType().Name + "." : text + ".";
    }

    /// <summary>The recorded sessions of the store, read once per run (chains resolve parallel workers' leaders from
    /// them) and kept for the run's next jobs; older runs are forgotten.</summary>
    private Task<IReadOnlyList<RecordedSessionSummary>> RecordedAsync(Guid runId, CancellationToken cancellation)
    {
        if (!recordedByRun.ContainsKey(runId))
        {
            foreach (var old in recordedByRun.Keys)
            {
                recordedByRun.TryRemove(old, out _);
            }
        }

        return recordedByRun.GetOrAdd(
            runId, _ => new Lazy<Task<IReadOnlyList<RecordedSessionSummary>>>(() => setup.Sessions.ListSessionsAsync(cancellation))).Value;
    }

    private async Task StoreFailureAsync(
        Guid runId, string firstSession, string message, string? detail, string? hint, CancellationToken cancellation)
    {
        await using var session = setup.Results.LightweightSession();
        session.Store(new JobFailureDocument
        {
            Id = JobFailureDocument.KeyOf(runId, setup.Name, firstSession),
            RunId = runId,
            Worker = setup.Name,
            Message = message,
            Detail = detail,
            Hint = hint,
        });
        await session.SaveChangesAsync(cancellation);
    }
}
