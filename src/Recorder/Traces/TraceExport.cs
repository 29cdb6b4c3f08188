using JasperFx.Events;
using Marten;
using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Traces;

/// <summary>Writes recorded sessions from the event store into a trace file, as the store keeps them: batches of
/// frames byte for byte, per-frame events as JSON.</summary>
public static class TraceExport
{
    /// <summary>Exports <paramref name="sessions"/> in the given order; returns the frames written.</summary>
    /// <param name="progress">Told the frames written so far, after each stored event.</param>
    public static async Task<long> ExportAsync(
        IDocumentStore store,
        IReadOnlyList<RecordedSessionSummary> sessions,
        Stream output,
        DateTimeOffset createdAt,
        string producer,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sessions);
        var writer = await TraceFileWriter.StartAsync(output, createdAt, producer, cancellationToken);
        long frames = 0;
        await using var query = store.QuerySession();
        foreach (var summary in sessions)
        {
            writer.BeginSession(summary);
            var id = summary.SessionId;
            var events = query.Events.QueryAllRawEvents().Where(e => e.StreamKey == id).OrderBy(e => e.Version);
            await foreach (var e in Marten.QueryableExtensions.ToAsyncEnumerable(events, cancellationToken))
            {
                switch (e.Data)
                {
                    case FrameBatch batch:
                        await writer.WriteBatchAsync(batch, cancellationToken);
                        frames += batch.FrameCount;
                        break;
                    case IRecordedFrame frame:
                        await writer.WriteEventAsync(frame, cancellationToken);
                        frames++;
                        break;
                }

                progress?.Report(frames);
            }

            await writer.EndSessionAsync(cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
        return frames;
    }
}
