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

    /// <summary>The results, in the order the sessions were published, each as soon as it is stored: the report is
    /// assembled while the workers are still replaying the sessions after it.</summary>
    /// <param name="waiting">Called once when no result has come after <see cref="ReplayCoordinator.WaitingNoticeAfter"/>.</param>
    /// <param name="cancellation">Stops waiting.</param>
    /// <exception cref="TraceLabException">A worker refused or failed a job of the run.</exception>
    /// <remarks>While the next session's result is not there, its key is looked up every
    /// <see cref="ReplayCoordinator.PollInterval"/> (a primary-key read), and the run's failures are checked.</remarks>
    public async IAsyncEnumerable<SessionReplayResult> ResultsAsync(
        Action waiting, [EnumeratorCancellation] CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        var started = time.GetTimestamp();
        var noticed = false;
        var delivered = 0;
        foreach (var sessionId in sessionIds)
        {
            while (true)
            {
                if (await LoadResultAsync(sessionId, cancellation) is { } result)
                {
                    delivered++;
                    yield return SessionReplayResultCodec.Decode(result);
                    break;
                }

                if (delivered == 0 && !noticed && time.GetElapsedTime(started) >= ReplayCoordinator.WaitingNoticeAfter)
                {
                    noticed = true;
                    waiting();
                }

                await Task.Delay(ReplayCoordinator.PollInterval, time, cancellation);
            }
        }
    }

    /// <summary>The encoded result of <paramref name="sessionId"/>, or <see langword="null"/> while there is none.</summary>
    /// <exception cref="TraceLabException">A worker refused or failed a job of the run.</exception>
    private async Task<byte[]?> LoadResultAsync(string sessionId, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var document = await session.LoadAsync<SessionResultDocument>(SessionResultDocument.KeyOf(Id, sessionId), cancellation);
        if (document is not null)
        {
            return StoredResult.Unpack(document.Result);
        }

        if (await session.Query<JobFailureDocument>().Where(f => f.RunId == Id).OrderBy(f => f.Id)
                .FirstOrDefaultAsync(cancellation) is { } failure)
        {
            throw new TraceLabException(failure.Message, failure.Detail, failure.Hint);
        }

        return null;
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
