using Marten;

namespace TraceLab.Recorder.Ingest;

/// <summary>The transaction-scoped advisory lock that makes recorders take turns on one session's stream.</summary>
internal static class SessionLock
{
    // The first key of PostgreSQL's two-key advisory locks: TraceLab's own space, apart from the one-key locks
    // Marten and Wolverine take.
    private const int LockSpace = 7_251_001;

    /// <summary>Waits until this transaction holds the lock of <paramref name="sessionId"/>; it is released when the
    /// transaction ends.</summary>
    /// <remarks><paramref name="session"/> must be in a transaction (<c>BeginTransactionAsync</c>).</remarks>
    public static async Task TakeAsync(IDocumentSession session, string sessionId, CancellationToken cancellationToken)
    {
        _ = await session.AdvancedSql.QueryAsync<int>(
            "select 1 from pg_advisory_xact_lock(?, hashtext(?))", cancellationToken, LockSpace, sessionId);
    }
}
