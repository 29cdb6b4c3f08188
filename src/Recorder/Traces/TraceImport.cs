using Marten;
using TraceLab.Events;
using TraceLab.Recorder.Frames;

namespace TraceLab.Traces;

/// <summary>What <see cref="TraceImport.ImportAsync"/> did.</summary>
/// <param name="SessionsImported">Sessions appended to the store.</param>
/// <param name="SessionsSkipped">Sessions the store already had (a stream with their id exists), left as they are.</param>
/// <param name="FramesImported">Frames of the sessions appended.</param>
public sealed record TraceImportSummary(int SessionsImported, int SessionsSkipped, long FramesImported);

/// <summary>Appends the sessions of a trace file to an event store, each in one transaction, never a session the store
/// already has.</summary>
/// <remarks>A session is one transaction, so an interrupted import leaves whole sessions only, and running it again
/// appends the rest. The batches' facts (what the session listing shows) are worked out again from their frames rather
/// than trusted from the file.</remarks>
public static class TraceImport
{
    /// <param name="progress">Told the frames imported so far, after each session.</param>
    public static async Task<TraceImportSummary> ImportAsync(
        IDocumentStore store, TraceFileReader trace, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(trace);
        int imported = 0, skipped = 0;
        long frames = 0;
        foreach (var summary in await trace.ListSessionsAsync(cancellationToken))
        {
            await using var session = store.LightweightSession();
            if (await session.Events.FetchStreamStateAsync(summary.SessionId, cancellationToken) is not null)
            {
                skipped++;
                continue;
            }

            var events = new List<object>();
            long sessionFrames = 0;
            await foreach (var item in trace.ReadStoredAsync(summary.SessionId, cancellationToken))
            {
                if (item is FrameBatch batch)
                {
                    var decoded = FrameBatchDecoder.Decode(batch);
                    events.Add(batch with { Facts = FrameBatchFacts.Of(decoded) });
                    sessionFrames += decoded.Count;
                }
                else
                {
                    events.Add(item);
                    sessionFrames++;
                }
            }

            if (events.Count == 0)
            {
                skipped++;
                continue;
            }

            session.Events.StartStream(summary.SessionId, events);
            await session.SaveChangesAsync(cancellationToken);
            imported++;
            frames += sessionFrames;
            progress?.Report(frames);
        }

        return new TraceImportSummary(imported, skipped, frames);
    }
}
