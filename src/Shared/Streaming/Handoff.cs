using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TraceLab.Streaming;

/// <summary>Runs the enumeration of an async sequence on another thread, handing its items over through a bounded
/// channel: one stage of the replay's pipeline (read ahead, build provenance) overlapping the next.</summary>
/// <remarks>
/// Items come out in the order they were produced; at most <c>capacity</c> wait, so memory stays bounded. An exception of
/// the source reaches the consumer as it was thrown, after the items produced before it. When the consumer stops (done,
/// failed or abandoned), the source is cancelled and awaited, so no stage outlives the replay.
/// </remarks>
public static class Handoff
{
    public static async IAsyncEnumerable<T> OnAnotherThread<T>(
        Func<CancellationToken, IAsyncEnumerable<T>> source, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(Math.Max(1, capacity))
            {
                SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait,
            });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(source(stop.Token), channel.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Its exception, if any, already reached the consumer through the channel; a cancellation is ours.
            }
        }
    }

    private static async Task ProduceAsync<T>(IAsyncEnumerable<T> items, ChannelWriter<T> writer, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                await writer.WriteAsync(item, cancellationToken);
            }
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            writer.TryComplete(error);
        }
    }
}
