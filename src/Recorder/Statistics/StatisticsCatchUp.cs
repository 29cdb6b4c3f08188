using Marten;

namespace TraceLab.Statistics;

/// <summary>Waits for the async daemon running in this process to bring the statistics up to the events appended so
/// far (what <c>tracelab record --once</c> does before it exits).</summary>
public static class StatisticsCatchUp
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until the projection has processed every event appended before the call, or until it has made no
    /// progress for <paramref name="stallLimit"/> (a daemon that stopped on an error, or another process's daemon holding
    /// the work); returns the progress it ended with.</summary>
    public static async Task<StatisticsProgress> WaitAsync(
        IDocumentStore store, TimeProvider time, TimeSpan stallLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        await using var session = store.QuerySession();
        var start = await StatisticsProgress.ReadAsync(session, cancellationToken);
        var target = start.Highest;
        var last = start.Processed;
        var lastMoved = time.GetTimestamp();
        while (true)
        {
            var now = await StatisticsProgress.ReadAsync(session, cancellationToken);
            if (now.Processed >= target)
            {
                return now with { Highest = target };
            }

            if (now.Processed != last)
            {
                last = now.Processed;
                lastMoved = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastMoved) >= stallLimit)
            {
                return now with { Highest = target };
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }
}
