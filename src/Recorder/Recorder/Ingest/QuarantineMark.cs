using Marten;
using TraceLab.Recorder.Spool;
using TraceLab.Store;

namespace TraceLab.Recorder.Ingest;

/// <summary>Marks a session whose spool file is about to be quarantined, so that <c>tracelab sessions</c> shows
/// <c>quarantined</c> rather than <c>running</c> for a recording that stops at the damage.</summary>
/// <remarks>
/// <para>Appended before the file is moved: a crash in between leaves the file in place, the next pass finds the same
/// damage and moves it, and the mark is already there. Once: recorders take turns on the session
/// (<see cref="SessionLock"/>) and a session whose view already says quarantined gets nothing more.</para>
/// <para>Only a session with a stream is marked: a file whose damage comes before any good block (a foreign header, a
/// corrupt first block) recorded nothing, so no session is listed for it.</para>
/// <para>Not a Wolverine message: it is written from the ingestor's own pass, in a transaction of its own, and
/// needs none of the bus.</para>
/// </remarks>
internal static class QuarantineMark
{
    /// <summary>Appends one <see cref="SpoolFileQuarantined"/> to <paramref name="sessionId"/>'s stream when it has a
    /// stream and no mark yet; returns whether it did.</summary>
    /// <param name="offset">How far the file was ingested.</param>
    /// <param name="quarantineDirectory">Where the file is being moved.</param>
    public static async Task<bool> AppendAsync(
        IDocumentStore store, string sessionId, SpoolException problem, long offset, string quarantineDirectory,
        CancellationToken cancellationToken)
    {
        await using var session = await SessionLock.BeginAsync(store, sessionId, cancellationToken);
        var view = await session.LoadAsync<RecordedSessionView>(sessionId, cancellationToken);
        if (view is null || view.Quarantined is not null)
        {
            return false;
        }

        session.Events.Append(sessionId, new SpoolFileQuarantined(problem.Message, problem.Detail ?? "", offset, quarantineDirectory));
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }
}
