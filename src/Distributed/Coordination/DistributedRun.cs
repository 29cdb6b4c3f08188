using System.Runtime.CompilerServices;
using Marten;
using TraceLab.Distributed.Storage;
using TraceLab.Errors;
using TraceLab.Replayer;
using TraceLab.Replayer.Distributed;

namespace TraceLab.Distributed.Coordination;

/// <summary>One published run: wait for it, read its results, then dispose it to delete its documents.</summary>
public sealed class DistributedRun : IAsyncDisposable
{
    private readonly DocumentStore store;
    private readonly TimeProvider time;
    private readonly IReadOnlyList<string> sessionIds;
    private readonly long? eventsTotal;

    internal DistributedRun(DocumentStore store, TimeProvider time, Guid id, IReadOnlyList<string> sessionIds, long? eventsTotal)
    {
        this.store = store;
        this.time = time;
        Id = id;
        this.sessionIds = sessionIds;
        this.eventsTotal = eventsTotal;
    }

    /// <summary>The run id.</summary>
    public Guid Id { get; }

    /// <summary>Waits until every session has a result, reporting progress; calls <paramref name="waiting"/> once
    /// when no result has come after <see cref="ReplayCoordinator.WaitingNoticeAfter"/>.</summary>
    /// <exception cref="TraceLabException">A worker refused or failed a job of the run.</exception>
    public async Task WaitAsync(IProgress<ReplayProgress>? progress, Action waiting, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        var started = time.GetTimestamp();
        var noticed = false;
        while (true)
        {
            await using var session = store.QuerySession();
            if (await session.Query<JobFailureDocument>().Where(f => f.RunId == Id).OrderBy(f => f.Id)
                    .FirstOrDefaultAsync(cancellation) is { } failure)
            {
                throw new TraceLabException(failure.Message, failure.Detail, failure.Hint);
            }

            var results = session.Query<SessionResultDocument>().Where(r => r.RunId == Id);
            var done = await results.CountAsync(cancellation);
            var events = done == 0 ? 0 : await results.SumAsync(r => r.EventsRead, cancellation);
            progress?.Report(new ReplayProgress(done, sessionIds.Count, events, eventsTotal, 0, null));
            if (done >= sessionIds.Count)
            {
                return;
            }

            if (done == 0 && !noticed && time.GetElapsedTime(started) >= ReplayCoordinator.WaitingNoticeAfter)
            {
                noticed = true;
                waiting();
            }

            await Task.Delay(ReplayCoordinator.PollInterval, time, cancellation);
        }
    }

    /// <summary>The results, decoded one at a time, in the order the sessions were published.</summary>
    public async IAsyncEnumerable<SessionReplayResult> ResultsAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        foreach (var sessionId in sessionIds)
        {
            await using var session = store.QuerySession();
            var document = await session.LoadAsync<SessionResultDocument>(SessionResultDocument.KeyOf(Id, sessionId), cancellation)
                           ?? throw new InvalidOperationException($"The result of session '{sessionId}' of run {Id} is missing.");
            yield return SessionReplayResultCodec.Decode(document.Result);
        }
    }

    /// <summary>Deletes the run and its results and failures; jobs of the run still queued are then discarded by
    /// the workers that take them.</summary>
    public async ValueTask DisposeAsync()
    {
        await using var session = store.LightweightSession();
        session.Delete<ReplayRunDocument>(Id);
        session.DeleteWhere<SessionResultDocument>(r => r.RunId == Id);
        session.DeleteWhere<JobFailureDocument>(f => f.RunId == Id);
        await session.SaveChangesAsync(CancellationToken.None);
    }
}
