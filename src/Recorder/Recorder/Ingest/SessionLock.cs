using Marten;

namespace TraceLab.Recorder.Ingest;

/// <summary>The transaction-scoped advisory lock that makes recorders take turns on one session's stream.</summary>
internal static class SessionLock
{
    // The first key of PostgreSQL's two-key advisory locks: TraceLab's own space, apart from the one-key locks
    // Marten and Wolverine take.
    private const int LockSpace = 7_251_001;

    /// <summary>Opens a Marten session in a transaction that holds the lock of <paramref name="sessionId"/>: what it
    /// reads next (the checkpoint) is what the previous holder committed. The lock goes with the transaction.</summary>
    public static async Task<IDocumentSession> BeginAsync(IDocumentStore store, string sessionId, CancellationToken cancellationToken)
    {
        var session = store.LightweightSession();
        try
        {
            await session.BeginTransactionAsync(cancellationToken);
            await TakeAsync(session, sessionId, cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until this transaction holds the lock of <paramref name="sessionId"/>; it is released when the
    /// transaction ends.</summary>
    /// <remarks><paramref name="session"/> must be in a transaction (<c>BeginTransactionAsync</c>).</remarks>
    private static async Task TakeAsync(IDocumentSession session, string sessionId, CancellationToken cancellationToken)
    {
        _ = await session.AdvancedSql.QueryAsync<int>(
            "select 1 from pg_advisory_xact_lock(?, hashtext(?))", cancellationToken, LockSpace, sessionId);
    }
}
