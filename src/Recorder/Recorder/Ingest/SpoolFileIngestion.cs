using Marten;
using Microsoft.Extensions.Logging;
using TraceLab.Events;
using TraceLab.Recorder.Spool;
using TraceLab.Store;
using Wolverine;

namespace TraceLab.Recorder.Ingest;

/// <summary>The result of bringing one spool file up to date.</summary>
/// <param name="Offset">The checkpoint after the pass, as far as this ingestor knows.</param>
/// <param name="EventsAppended">Events this ingestor appended from the file.</param>
/// <param name="Advanced">Whether this ingestor moved the file's checkpoint.</param>
/// <param name="Error">Why the pass stopped before the end of the file's complete blocks, if it did.</param>
/// <param name="Vanished">The file disappeared before or while it was read.</param>
/// <param name="SawSessionEnded">The blocks read held a SessionEnded.</param>
/// <param name="LastSeq">The seq of the last frame before <paramref name="Offset"/>, when known.</param>
/// <param name="Quarantined">Where the file went when its <paramref name="Error"/> made the ingestor quarantine it.</param>
/// <param name="QuarantineError">Why a damaged file could not be quarantined.</param>
internal readonly record struct FileIngestResult(
    long Offset,
    long EventsAppended,
    bool Advanced,
    SpoolException? Error,
    bool Vanished,
    bool SawSessionEnded = false,
    long? LastSeq = null,
    QuarantinedSpoolFile? Quarantined = null,
    SpoolException? QuarantineError = null,
    long DroppedFrames = 0)
{
    /// <summary>The pass read every complete block of the file: no error stopped it, and the file is still there.</summary>
    /// <remarks>A quarantined file did not: its end may be in the damaged part, so its session is not judged.</remarks>
    public bool ReachedEnd => Error is null && !Vanished;
}

/// <summary>Reads one spool file from its checkpoint and sends its new blocks, in order, in bounded batches.</summary>
/// <remarks>
/// Batches go through <c>IMessageBus.InvokeAsync</c>: in process and awaited, so the next batch of the
/// file is sent only after the previous one committed. When another recorder wins the race for the checkpoint, the
/// file is read again from the new checkpoint. A <see cref="SpoolException"/> ends the pass at that block, after the
/// blocks before it were sent. An incomplete block at the end of a file that nothing writes any more (its session
/// ended, or it has not grown for the <paramref name="quietPeriod"/>) is such an exception too.
/// </remarks>
internal sealed class SpoolFileIngestion(
    IMessageBus bus, IDocumentStore store, int maxEventsPerBatch, SpoolQuietPeriod quietPeriod, ILogger logger)
{
    private const int MaxConflictRetries = 1000;

    /// <summary>Ingests the new blocks of <paramref name="path"/>, starting from <paramref name="knownOffset"/>.</summary>
    /// <param name="knownOffset">The checkpoint as last known; it may lag behind the stored one (blocks already
    /// ingested are then skipped by the handler) but never run ahead of it.</param>
    /// <param name="knownLastSeq">The seq of the last frame before <paramref name="knownOffset"/>, when known: it
    /// numbers the frame where damage starts.</param>
    /// <param name="knownEnded">The stream already has its end: nothing writes the file any more.</param>
    public async Task<FileIngestResult> IngestAsync(
        string path, long knownOffset, long? knownLastSeq, bool knownEnded, CancellationToken cancellationToken)
    {
        var sessionId = SpoolFileReader.SessionIdOf(path);
        var start = new Start(knownOffset, knownOffset == 0 ? 0 : knownLastSeq, knownEnded);
        var appended = 0L;
        var advanced = false;
        var sawEnd = false;
        var dropped = 0L;
        for (var attempt = 0; ; attempt++)
        {
            var pass = await PassAsync(path, sessionId, start, cancellationToken);
            appended += pass.EventsAppended;
            dropped += pass.DroppedFrames;
            advanced |= pass.Advanced;
            sawEnd |= pass.SawSessionEnded;
            if (pass.Outcome != IngestOutcome.Conflict)
            {
                return new FileIngestResult(pass.Offset, appended, advanced, pass.Error, pass.Vanished, sawEnd, pass.LastSeq)
                {
                    DroppedFrames = dropped,
                };
            }

            if (attempt >= MaxConflictRetries)
            {
                throw new InvalidOperationException(
                    $"The checkpoint of session \"{sessionId}\" kept changing during {MaxConflictRetries} attempts to ingest it.");
            }

            await using var session = store.QuerySession();
            var checkpoint = await session.LoadAsync<SpoolCheckpoint>(sessionId, cancellationToken);
            start = new Start(checkpoint?.Offset ?? 0, checkpoint?.LastSeq ?? 0, start.Ended || checkpoint?.Ended == true);
        }
    }

    private async Task<Pass> PassAsync(string path, string sessionId, Start start, CancellationToken cancellationToken)
    {
        var reader = new SpoolFileReader(path);
        var offset = start.Offset;
        var lastSeq = start.LastSeq;
        var batch = new List<SpoolBlock>();
        var batchEvents = 0;
        var batchDropped = 0L;
        var dropped = 0L;
        var from = offset;
        var to = offset;
        var appended = 0L;
        var advanced = false;
        SpoolException? error = null;
        var vanished = false;
        var sawEnd = false;

        var whyFinished = start.Ended ? static () => "its session ended" : (Func<string?>)(() => quietPeriod.WhyFinished(path));
        using (var blocks = reader.ReadBlocks(offset, lastSeq, whyFinished).GetEnumerator())
        {
            while (true)
            {
                try
                {
                    if (!blocks.MoveNext())
                    {
                        break;
                    }
                }
                catch (SpoolException e)
                {
                    Log.SpoolFileStopped(logger, path, e.Offset ?? to, e.Message, e.Detail);
                    error = e;
                    break;
                }
                catch (FileNotFoundException)
                {
                    Log.SpoolFileVanished(logger, path);
                    vanished = true;
                    break;
                }

                batch.Add(blocks.Current);
                batchEvents += blocks.Current.Events.Count;
                batchDropped += DroppedIn(blocks.Current);
                sawEnd |= blocks.Current.Events.Any(e => e is SessionEnded);
                lastSeq = blocks.Current.Events.Count > 0 ? blocks.Current.Events[^1].Frame.Seq : lastSeq;
                to = blocks.Current.EndOffset;
                if (batchEvents >= maxEventsPerBatch)
                {
                    var sent = await SendAsync(sessionId, path, from, to, batch, cancellationToken);
                    if (sent.Outcome == IngestOutcome.Conflict)
                    {
                        return new Pass(IngestOutcome.Conflict, from, appended, advanced, null, false, sawEnd, null);
                    }

                    appended += sent.EventsAppended;
                    advanced |= sent.Outcome == IngestOutcome.Appended;
                    dropped += sent.EventsAppended > 0 ? batchDropped : 0;
                    from = to;
                    batch = [];
                    batchEvents = 0;
                    batchDropped = 0;
                }
            }
        }

        if (to > from)
        {
            var sent = await SendAsync(sessionId, path, from, to, batch, cancellationToken);
            if (sent.Outcome == IngestOutcome.Conflict)
            {
                return new Pass(IngestOutcome.Conflict, from, appended, advanced, null, false, sawEnd, null);
            }

            appended += sent.EventsAppended;
            advanced |= sent.Outcome == IngestOutcome.Appended;
            dropped += sent.EventsAppended > 0 ? batchDropped : 0;
        }

        return new Pass(IngestOutcome.Appended, to, appended, advanced, error, vanished, sawEnd, lastSeq) { DroppedFrames = dropped };
    }

    private Task<SpoolBlocksIngested> SendAsync(
        string sessionId, string path, long from, long to, List<SpoolBlock> blocks, CancellationToken cancellationToken) =>
        bus.InvokeAsync<SpoolBlocksIngested>(new IngestSpoolBlocks(sessionId, path, from, to, blocks), cancellationToken);

    /// <summary>The frames the probe reported lost (FramesDropped) in a block.</summary>
    private static long DroppedIn(SpoolBlock block) =>
        block.Events.OfType<FramesDropped>().Sum(d => Math.Max(d.Count, 0));

    private readonly record struct Pass(
        IngestOutcome Outcome, long Offset, long EventsAppended, bool Advanced, SpoolException? Error, bool Vanished,
        bool SawSessionEnded, long? LastSeq)
    {
        /// <summary>Frames the probe reported lost in the blocks this pass appended.</summary>
        public long DroppedFrames { get; init; }
    }

    /// <summary>Where a pass starts: the checkpoint, the seq of the frame before it, and whether the stream has ended.</summary>
    private readonly record struct Start(long Offset, long? LastSeq, bool Ended);
}
