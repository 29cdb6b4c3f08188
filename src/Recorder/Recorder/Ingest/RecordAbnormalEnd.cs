using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Logging;
using TraceLab.Events;
using TraceLab.Recorder.Liveness;
using TraceLab.Recorder.Spool;
using TraceLab.Store;

namespace TraceLab.Recorder.Ingest;

/// <summary>Append an abnormal <see cref="SessionEnded"/> to a session whose spool file was ingested to its end, if its
/// server started again after its backend did, or a liveness check found its backend gone.</summary>
/// <param name="SessionId">The stream key.</param>
/// <param name="Offset">Where the ingestor found the file's last complete block: the checkpoint it left behind.</param>
/// <param name="ServerStarts">The server starts the spool directory holds.</param>
/// <param name="Gone">What a liveness check found before the file was read to its end (<see cref="GoneBackendCheck"/>);
/// null when none was made or it did not find the backend gone.</param>
public sealed record RecordAbnormalEnd(
    string SessionId, long Offset, IReadOnlyList<ServerStart> ServerStarts, BackendGone? Gone = null);

/// <summary>Handles <see cref="RecordAbnormalEnd"/> in one Marten transaction: the event and the checkpoint together.</summary>
/// <remarks>
/// <para>A backend that crashes, is killed, or goes with an immediate shutdown writes no SessionEnded. Its server's next
/// start proves it gone: the postmaster starts again only after every backend of its previous life has exited, so
/// nothing writes the file any more. A liveness check that found the backend gone before the file was last read proves
/// the same (<see cref="GoneBackendCheck"/>); a server's check counts only for that server's sessions. The end is appended only while the checkpoint is still where the ingestor left
/// it at the end of the file's complete blocks, so the frames the file holds all come first.</para>
/// <para>Exactly once, across runs, crashes and concurrent recorders: recorders take turns on the session
/// (<see cref="SessionLock"/>), and the checkpoint records that the stream has its end (<see cref="SpoolCheckpoint.Ended"/>) in the same transaction as the event, with optimistic concurrency, so of two
/// recorders that judge the same session only one commits. A checkpoint written before the Recorder kept that flag is
/// completed from the stream first.</para>
/// </remarks>
public static class RecordAbnormalEndHandler
{
    // Batches too: a checkpoint without the facts may lag behind a stream a newer Recorder went on with.
    private static readonly Type[] StreamBoundTypes = [typeof(SessionStarted), typeof(SessionEnded), typeof(FrameBatch)];

    /// <summary>Appends the abnormal end when it is due; says why not otherwise.</summary>
    public static async Task<AbnormalEndRecorded> Handle(
        RecordAbnormalEnd command,
        IDocumentStore store,
        ILogger<RecordAbnormalEnd> logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(store);

        await using var session = await SessionLock.BeginAsync(store, command.SessionId, cancellationToken);
        var loaded = await session.LoadAsync<SpoolCheckpoint>(command.SessionId, cancellationToken);
        if (loaded is null || loaded.Offset != command.Offset)
        {
            return new AbnormalEndRecorded(command.SessionId, AbnormalEndOutcome.Conflict);
        }

        var checkpoint = loaded.Ended is null || loaded.SystemIdentifier is null || loaded.BackendStartUs is null
            ? await CompleteFromStreamAsync(session, loaded, cancellationToken)
            : loaded;

        var (outcome, next) = Judge(checkpoint, command.ServerStarts, command.Gone);
        var restart = command.ServerStarts
            .Where(s => s.Follows(checkpoint.SystemIdentifier ?? 0, checkpoint.BackendStartUs ?? 0))
            .MinBy(s => s.StartUs);
        if (outcome == AbnormalEndOutcome.Appended)
        {
            var end = new SessionEnded(
                new FrameHeader(next.LastSeq, 0, 0, restart?.StartUs ?? command.Gone?.AtUs ?? 0, 0, 0, SecurityContext.None),
                Abnormal: true);
            session.Events.Append(command.SessionId, end);
        }

        if (next == loaded)
        {
            return new AbnormalEndRecorded(command.SessionId, outcome);
        }

        session.Update(next);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (IngestSpoolBlocksHandler.IsConflict(e))
        {
            Log.CheckpointConflict(logger, command.SessionId, command.Offset);
            return new AbnormalEndRecorded(command.SessionId, AbnormalEndOutcome.Conflict);
        }

        if (outcome == AbnormalEndOutcome.Appended && command.Gone is { } gone && restart is null)
        {
            Log.BackendGone(logger, command.SessionId, gone.Why);
        }
        else if (outcome == AbnormalEndOutcome.Appended)
        {
            Log.SessionEndedAbnormally(logger, command.SessionId);
        }

        return new AbnormalEndRecorded(command.SessionId, outcome);
    }

    /// <summary>Decides from a complete checkpoint; returns the checkpoint to store (the same one when nothing
    /// changes).</summary>
    internal static (AbnormalEndOutcome Outcome, SpoolCheckpoint Next) Judge(
        SpoolCheckpoint checkpoint, IReadOnlyList<ServerStart> serverStarts, BackendGone? gone = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(serverStarts);
        if (checkpoint.Ended == true)
        {
            return (AbnormalEndOutcome.Ended, checkpoint);
        }

        if (checkpoint is not { SystemIdentifier: { } system, BackendStartUs: { } backendStart })
        {
            return (AbnormalEndOutcome.Unknown, checkpoint);
        }

        if (!serverStarts.Any(s => s.Follows(system, backendStart))
            && !(gone is not null && (gone.SystemIdentifier is null || gone.SystemIdentifier == system)))
        {
            return (AbnormalEndOutcome.Live, checkpoint);
        }

        return (AbnormalEndOutcome.Appended, checkpoint with
        {
            LastSeq = checkpoint.LastSeq + 1, EventCount = checkpoint.EventCount + 1, Ended = true, EndedAbnormally = true,
        });
    }

    private static async Task<SpoolCheckpoint> CompleteFromStreamAsync(
        IDocumentSession session, SpoolCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var query = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == checkpoint.Id)
            .Where(e => e.EventTypesAre(StreamBoundTypes))
            .OrderBy(e => e.Version);
        SessionStarted? started = null;
        var ended = false;
        await foreach (var e in Marten.QueryableExtensions.ToAsyncEnumerable(query, cancellationToken))
        {
            started ??= e.Data as SessionStarted ?? (e.Data as FrameBatch)?.Facts.Started;
            ended |= e.Data is SessionEnded or FrameBatch { Facts.Ended: true };
        }

        return checkpoint with
        {
            SystemIdentifier = checkpoint.SystemIdentifier ?? started?.SystemIdentifier,
            BackendStartUs = checkpoint.BackendStartUs ?? started?.BackendStartUs,
            Ended = ended,
        };
    }
}
