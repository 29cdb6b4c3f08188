using JasperFx;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using TraceLab.Events;
using TraceLab.Recorder.Spool;
using TraceLab.Store;

namespace TraceLab.Recorder.Ingest;

/// <summary>Append the frames of consecutive spool blocks to their session's stream and advance its checkpoint.</summary>
/// <param name="SessionId">The stream key: the spool file's base name.</param>
/// <param name="SpoolFile">The spool file the blocks were read from.</param>
/// <param name="FromOffset">The checkpoint the blocks were read from: 0 for the start of the file, else the end of the
/// last block ingested before.</param>
/// <param name="ToOffset">The end of the last block: the checkpoint once these blocks are ingested.</param>
/// <param name="Blocks">The blocks, in file order, from <paramref name="FromOffset"/> to <paramref name="ToOffset"/>.</param>
public sealed record IngestSpoolBlocks(
    string SessionId,
    string SpoolFile,
    long FromOffset,
    long ToOffset,
    IReadOnlyList<SpoolBlock> Blocks)
{
    /// <summary>The seq of the blocks' last frame of a known type, or 0 when they hold none.</summary>
    public long LastSeq => Blocks.LastOrDefault(b => b.Events.Count > 0)?.Events[^1].Frame.Seq ?? 0;
}

/// <summary>Handles <see cref="IngestSpoolBlocks"/> in one Marten transaction: frames and checkpoint together.</summary>
/// <remarks>
/// <para>The frames go into the stream as one <see cref="FrameBatch"/> (the blocks' payloads as the probe wrote them),
/// not as one event per frame: a row per frame costs ten times the spool's bytes and an insert per frame is the
/// ingest's bottleneck. Readers hand the frames out one event each again.</para>
/// <para>Idempotent. Recorders working on the same session take turns: the transaction first takes a
/// transaction-scoped advisory lock on the session id, then reads the checkpoint, so a recorder that waited sees what
/// the other committed. Blocks the checkpoint has passed are skipped — wholly when it has reached
/// <see cref="IngestSpoolBlocks.ToOffset"/>, else block by block (checkpoints are always block ends). Taking turns
/// means concurrent recorders never make the store reject a transaction: a failed append would leave gaps that Marten
/// fills with tombstone events. The checkpoint document keeps optimistic concurrency as a second line (against a
/// recorder of an earlier version, which does not take the lock): the loser's transaction rolls back and it gets
/// <see cref="IngestOutcome.Conflict"/>, after which it re-reads from the new checkpoint.</para>
/// <para>The checkpoint also keeps what the abnormal-end check needs to know of the stream
/// (<see cref="RecordAbnormalEnd"/>): the server and backend start of its SessionStarted, and whether a SessionEnded was
/// appended.</para>
/// </remarks>
public static class IngestSpoolBlocksHandler
{
    /// <summary>Appends the frames the checkpoint has not passed and moves the checkpoint to the end of the blocks.</summary>
    /// <exception cref="InvalidOperationException">The blocks start after the checkpoint (a gap would be left), or the
    /// checkpoint falls inside one of them (they are not this file's blocks).</exception>
    public static async Task<SpoolBlocksIngested> Handle(
        IngestSpoolBlocks command,
        IDocumentStore store,
        ILogger<IngestSpoolBlocks> logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(store);

        await using var session = await SessionLock.BeginAsync(store, command.SessionId, cancellationToken);
        var checkpoint = await session.LoadAsync<SpoolCheckpoint>(command.SessionId, cancellationToken);
        var ingestedTo = checkpoint?.Offset ?? 0;
        if (ingestedTo >= command.ToOffset)
        {
            Log.BlocksAlreadyIngested(logger, command.SessionId, command.ToOffset);
            return new SpoolBlocksIngested(command.SessionId, IngestOutcome.AlreadyIngested, ingestedTo, 0);
        }

        if (ingestedTo < command.FromOffset)
        {
            throw new InvalidOperationException(
                $"Blocks from offset {command.FromOffset} of session \"{command.SessionId}\" do not follow its checkpoint "
                + $"at offset {ingestedTo}; read them from the checkpoint.");
        }

        if (command.Blocks.Any(b => b.Offset < ingestedTo && b.EndOffset > ingestedTo))
        {
            throw new InvalidOperationException(
                $"The checkpoint of session \"{command.SessionId}\" at offset {ingestedTo} falls inside a block read from "
                + $"{command.SpoolFile}: the blocks are not the ones the checkpoint was made from.");
        }

        var fresh = command.Blocks.Where(b => b.EndOffset > ingestedTo).ToList();
        var frames = fresh.SelectMany(b => b.Events).ToList();
        if (frames.Count > 0)
        {
            session.Events.Append(command.SessionId, BatchOf(fresh, frames));
        }

        var lastSeq = checkpoint?.LastSeq ?? 0;
        var started = frames.OfType<SessionStarted>().FirstOrDefault();
        var next = new SpoolCheckpoint(
            command.SessionId,
            command.SpoolFile,
            command.ToOffset,
            frames.Count > 0 ? frames[^1].Frame.Seq : Math.Max(lastSeq, command.LastSeq),
            (checkpoint?.EventCount ?? 0) + frames.Count,
            checkpoint?.SystemIdentifier ?? started?.SystemIdentifier,
            checkpoint?.BackendStartUs ?? started?.BackendStartUs,
            // A new checkpoint has seen every event of the stream; an old one without the flag still does not know.
            // Frames after the Recorder's abnormal end mean the backend was not gone: the session runs again.
            frames.Any(e => e is SessionEnded) ? true
            : checkpoint is null || (checkpoint.EndedAbnormally == true && frames.Count > 0) ? false
            : checkpoint.Ended,
            frames.Count > 0 ? null : checkpoint?.EndedAbnormally);
        if (checkpoint is null)
        {
            session.Insert(next);
        }
        else
        {
            session.Update(next);
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (IsConflict(e))
        {
            Log.CheckpointConflict(logger, command.SessionId, command.FromOffset);
            return new SpoolBlocksIngested(command.SessionId, IngestOutcome.Conflict, ingestedTo, 0);
        }

        Log.BlocksIngested(logger, frames.Count, command.SpoolFile, command.SessionId, command.ToOffset);
        return new SpoolBlocksIngested(command.SessionId, IngestOutcome.Appended, command.ToOffset, frames.Count);
    }

    private static FrameBatch BatchOf(List<SpoolBlock> blocks, List<IRecordedFrame> frames)
    {
        var bytes = new byte[blocks.Sum(b => (long)b.Payload.Length)];
        var at = 0;
        foreach (var block in blocks)
        {
            block.Payload.Span.CopyTo(bytes.AsSpan(at));
            at += block.Payload.Length;
        }

        return new FrameBatch(frames[0].Frame.Seq, frames[^1].Frame.Seq, frames.Count, bytes, FrameBatchFacts.Of(frames));
    }

    /// <summary>Whether <paramref name="e"/> means another recorder committed this checkpoint first.</summary>
    internal static bool IsConflict(Exception e) => e switch
    {
        ConcurrencyException or DocumentAlreadyExistsException => true,
        PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        } => true,
        AggregateException a => a.InnerExceptions.Any(IsConflict),
        { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };
}
