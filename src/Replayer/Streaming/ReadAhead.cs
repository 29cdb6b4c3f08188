using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using TraceLab.Events;

namespace TraceLab.Replayer.Streaming;

/// <summary>Reads sessions' frames into segments, on another thread when asked, so that reading from the event store
/// (I/O and deserialization) and replaying overlap.</summary>
/// <remarks>
/// The read-ahead is a bounded channel of at most <c>batches</c> segments: memory is bounded by
/// <c>batches × batchSize</c> frames whatever the trace's length. Segments come out in the order the sessions and their
/// frames went in, so the replay is the same with or without read-ahead. An exception while reading (including a null
/// session) reaches the consumer as it was thrown, after the frames read before it.
/// </remarks>
internal static class ReadAhead
{
    public static IAsyncEnumerable<Segment> Segments(
        IAsyncEnumerable<RecordedSession> sessions, int batches, int batchSize, CancellationToken cancellationToken) =>
        batches <= 0
            ? Read(sessions, batchSize, cancellationToken)
            : ReadOnAnotherThread(sessions, batches, batchSize, cancellationToken);

    private static async IAsyncEnumerable<Segment> Read(
        IAsyncEnumerable<RecordedSession> sessions, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        batchSize = Math.Max(1, batchSize);
        await foreach (var session in sessions.WithCancellation(cancellationToken))
        {
            ArgumentNullException.ThrowIfNull(session, nameof(sessions));
            var buffer = new IRecordedFrame[batchSize];
            var count = 0;
            ExceptionDispatchInfo? error = null;
            var frames = session.Frames.GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    // A failing read must not lose the frames already read: they are handed on first (as a segment
                    // that does not end the session), then the exception is rethrown as it was thrown.
                    try
                    {
                        if (!await frames.MoveNextAsync())
                        {
                            break;
                        }
                    }
                    catch (Exception e)
                    {
                        error = ExceptionDispatchInfo.Capture(e);
                        break;
                    }

                    buffer[count++] = frames.Current;
                    if (count == buffer.Length)
                    {
                        yield return new Segment(session, buffer, count, false);
                        buffer = new IRecordedFrame[batchSize];
                        count = 0;
                    }
                }
            }
            finally
            {
                await frames.DisposeAsync();
            }

            if (error is not null)
            {
                if (count > 0)
                {
                    yield return new Segment(session, buffer, count, false);
                }

                error.Throw();
            }

            yield return new Segment(session, buffer, count, true);
        }
    }

    private static async IAsyncEnumerable<Segment> ReadOnAnotherThread(
        IAsyncEnumerable<RecordedSession> sessions, int batches, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Segment>(
            new BoundedChannelOptions(batches) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(sessions, batchSize, channel.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var segment in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return segment;
            }
        }
        finally
        {
            // The consumer stopped (done, failed or abandoned): stop reading and wait, so no read outlives the replay.
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

    private static async Task ProduceAsync(
        IAsyncEnumerable<RecordedSession> sessions, int batchSize, ChannelWriter<Segment> writer, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await foreach (var segment in Read(sessions, batchSize, cancellationToken))
            {
                await writer.WriteAsync(segment, cancellationToken);
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
