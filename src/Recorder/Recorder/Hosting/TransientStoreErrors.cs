using Npgsql;

namespace TraceLab.Recorder.Hosting;

/// <summary>Which failures of a Recorder handler are worth Wolverine's retries: the event store went away for a moment
/// (a restart, a dropped connection, a timeout), not a cancellation and not an error that would come again.</summary>
/// <remarks>
/// <para>Retrying a Recorder handler is safe: each run opens its own transaction, takes the session's turn, reads the
/// checkpoint and skips what a previous run committed (a commit whose acknowledgement was lost included), so the same
/// message applied twice appends its frames once.</para>
/// <para>Cancellations are left out so that a signal stops <c>record</c> at once rather than after the cooldowns.</para>
/// </remarks>
internal static class TransientStoreErrors
{
    /// <summary>The cooldowns between attempts: a store restarting is back within them; one that stays away longer
    /// fails <c>record --once</c>, and <c>record --follow</c> waits for it poll by poll.</summary>
    public static readonly TimeSpan[] Cooldowns =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    /// <summary>Whether <paramref name="exception"/> is a transient failure of the store.</summary>
    public static bool Matches(Exception exception) => !IsCancellation(exception) && IsTransient(exception);

    private static bool IsTransient(Exception e) => e switch
    {
        // The server ended the connection (a restart, pg_terminate_backend, a crash of another backend) or refused a
        // new one while starting: Npgsql does not count these among its transient errors, but the store comes back.
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow } => true,
        PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) => true,
        NpgsqlException npgsql when npgsql.IsTransient => true,
        TimeoutException => true,
        { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    private static bool IsCancellation(Exception e) => e switch
    {
        OperationCanceledException => true,
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => true,
        { InnerException: { } inner } => IsCancellation(inner),
        _ => false,
    };
}
