using JasperFx;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Recorder.Ingest;

/// <summary>Append the events of consecutive spool blocks to their session's stream and advance its checkpoint.</summary>
/// <param name="SessionId">The stream key: the spool file's base name.</param>
/// <param name="SpoolFile">The spool file the blocks were read from.</param>
/// <param name="FromOffset">The checkpoint the blocks were read from: 0 for the start of the file, else the end of the
/// last block ingested before.</param>
/// <param name="ToOffset">The end of the last block: the checkpoint once these blocks are ingested.</param>
/// <param name="Events">The blocks' events, in file order.</param>
/// <param name="LastSeq">The seq of the last event, or 0 when the blocks hold none.</param>
public sealed record IngestSpoolBlocks(
    string SessionId,
    string SpoolFile,
    long FromOffset,
    long ToOffset,
    IReadOnlyList<IRecordedFrame> Events,
    long LastSeq);

/// <summary>Handles <see cref="IngestSpoolBlocks"/> in one Marten transaction: events and checkpoint together.</summary>
/// <remarks>
/// Idempotent. Blocks already behind the checkpoint are skipped: wholly when the checkpoint has reached
/// <see cref="IngestSpoolBlocks.ToOffset"/>, and by seq when another recorder committed part of the range first.
/// The checkpoint document uses optimistic concurrency, so of two recorders that loaded the same checkpoint only
/// one commits; the other's transaction (events included) rolls back and it gets
/// <see cref="IngestOutcome.Conflict"/>, after which it re-reads from the new checkpoint. A conflict is an expected
/// outcome, not an exception, so it does not show up as a failed message.
/// The checkpoint also keeps what the abnormal-end check needs to know of the stream (<see cref="RecordAbnormalEnd"/>):
/// the server and backend start of its SessionStarted, and whether a SessionEnded was appended.
/// </remarks>
public static class IngestSpoolBlocksHandler
{
    /// <summary>Appends the events the checkpoint has not passed and moves the checkpoint to the end of the blocks.</summary>
    /// <exception cref="InvalidOperationException">The blocks start after the checkpoint: a gap would be left.</exception>
    public static async Task<SpoolBlocksIngested> Handle(
        IngestSpoolBlocks command,
        IDocumentStore store,
        ILogger<IngestSpoolBlocks> logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(store);

        await using var session = store.LightweightSession();
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

        var lastSeq = checkpoint?.LastSeq ?? 0;
        var fresh = ingestedTo == command.FromOffset
            ? command.Events
            : [.. command.Events.Where(e => e.Frame.Seq > lastSeq)];
        if (fresh.Count > 0)
        {
            session.Events.Append(command.SessionId, [.. fresh.Cast<object>()]);
        }

        var started = fresh.OfType<SessionStarted>().FirstOrDefault();
        var next = new SpoolCheckpoint(
            command.SessionId,
            command.SpoolFile,
            command.ToOffset,
            fresh.Count > 0 ? fresh[^1].Frame.Seq : Math.Max(lastSeq, command.LastSeq),
            (checkpoint?.EventCount ?? 0) + fresh.Count,
            checkpoint?.SystemIdentifier ?? started?.SystemIdentifier,
            checkpoint?.BackendStartUs ?? started?.BackendStartUs,
            // A new checkpoint has seen every event of the stream; an old one without the flag still does not know.
            fresh.Any(e => e is SessionEnded) ? true : checkpoint is null ? false : checkpoint.Ended);
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

        Log.BlocksIngested(logger, fresh.Count, command.SpoolFile, command.SessionId, command.ToOffset);
        return new SpoolBlocksIngested(command.SessionId, IngestOutcome.Appended, command.ToOffset, fresh.Count);
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
