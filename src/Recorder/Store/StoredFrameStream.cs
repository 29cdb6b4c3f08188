using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Streaming;

namespace TraceLab.Store;

/// <summary>One session's frames as <see cref="RecordedSessionReader.ReadEventsAsync"/> hands them out: the stored events
/// read on another thread (<see cref="StoredEventRows"/>, a few ahead), their frames decoded here as they are
/// enumerated.</summary>
/// <remarks>Written by hand rather than as an async iterator: a replay takes millions of frames from it, and an async
/// iterator's machinery for every frame cost about as much as decoding it. Here a frame of the batch being decoded is
/// handed out synchronously; only moving to the next stored event awaits.</remarks>
internal sealed class StoredFrameStream(Func<CancellationToken, IAsyncEnumerable<object>> storedEvents, int ahead, CancellationToken readCancellation)
    : IAsyncEnumerable<IRecordedFrame>
{
    public IAsyncEnumerator<IRecordedFrame> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        // The two tokens are linked by the hand-off, an async iterator whose token parameter takes them both.
        new Enumerator(Handoff.OnAnotherThread(storedEvents, ahead, readCancellation).GetAsyncEnumerator(cancellationToken));

    private sealed class Enumerator(IAsyncEnumerator<object> stored) : IAsyncEnumerator<IRecordedFrame>
    {
        private readonly StoredFrameSequence sequence = new();
        private IEnumerator<IRecordedFrame>? frames;
        private PooledFrameBatch? pooled;
        private bool ended;
        private IRecordedFrame? current;

        public IRecordedFrame Current => current ?? throw new InvalidOperationException("The enumeration has not started.");

        public ValueTask<bool> MoveNextAsync()
        {
            if (frames is not null && frames.MoveNext())
            {
                current = frames.Current;
                return new ValueTask<bool>(true);
            }

            return MoveToNextStoredEventAsync();
        }

        public async ValueTask DisposeAsync()
        {
            frames?.Dispose();
            await stored.DisposeAsync();
        }

        private async ValueTask<bool> MoveToNextStoredEventAsync()
        {
            while (true)
            {
                if (frames is not null && frames.MoveNext())
                {
                    current = frames.Current;
                    return true;
                }

                frames?.Dispose();
                frames = null;
                // The batch's frames are all decoded: its buffer can hold the next one.
                pooled?.Release();
                pooled = null;
                if (ended)
                {
                    current = null;
                    return false;
                }

                if (!await stored.MoveNextAsync())
                {
                    ended = true;
                    frames = sequence.End().GetEnumerator();
                    continue;
                }

                if (stored.Current is PooledFrameBatch batch)
                {
                    pooled = batch;
                    frames = sequence.Frames(batch.Batch, batch.Length).GetEnumerator();
                }
                else
                {
                    frames = sequence.Frames(stored.Current).GetEnumerator();
                }
            }
        }
    }
}
