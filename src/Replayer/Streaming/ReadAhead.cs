using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using TraceLab.Events;
using TraceLab.Streaming;

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
    /// <param name="buffers">Where the segments' arrays come from (of the batch size); the consumer may hand them back
    /// once it is done with a segment's frames.</param>
    public static IAsyncEnumerable<Segment> Segments(
        IAsyncEnumerable<RecordedSession> sessions, int batches, ArrayRecycler<IRecordedFrame> buffers, CancellationToken cancellationToken) =>
        batches <= 0
            ? Read(sessions, buffers, cancellationToken)
            : Handoff.OnAnotherThread(token => Read(sessions, buffers, token), batches, cancellationToken);

    private static async IAsyncEnumerable<Segment> Read(
        IAsyncEnumerable<RecordedSession> sessions, ArrayRecycler<IRecordedFrame> buffers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var session in sessions.WithCancellation(cancellationToken))
        {
            ArgumentNullException.ThrowIfNull(session, nameof(sessions));
            var buffer = buffers.Rent();
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
                        buffer = buffers.Rent();
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
}
