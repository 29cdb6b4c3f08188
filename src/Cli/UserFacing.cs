using Npgsql;
using TraceLab.Policies;
using TraceLab.Recorder.Spool;

namespace TraceLab.Cli;

/// <summary>The three parts of an error a user can act on.</summary>
internal sealed record UserFacingError(string Message, string? Detail, string? Hint);

/// <summary>Turns errors from the libraries tracelab uses into PostgreSQL-style reports.</summary>
internal static class UserFacing
{
    /// <summary>A report for <paramref name="exception"/>, or null when it is a programming error.</summary>
    public static UserFacingError? TryDescribe(Exception exception) => exception switch
    {
        SpoolException spool => new UserFacingError(spool.Message, spool.Detail, spool.Hint),
        TraceLab.Traces.TraceFileException trace => new UserFacingError(trace.Message, trace.Detail, trace.Hint),
        PolicyNotFoundException policy => new UserFacingError(policy.Message, policy.Detail, policy.Hint),
        TraceLab.Policies.Language.PolicyFileException file => new UserFacingError(file.Message, file.Detail, file.Hint),
        PostgresException pg => new UserFacingError(pg.MessageText, pg.Detail, pg.Hint),
        NpgsqlException npgsql => new UserFacingError(
            "could not connect to the event store",
            npgsql.InnerException?.Message ?? npgsql.Message,
            "Check --connection or TRACELAB_CONNECTION, or run \"tracelab up\" for the embedded cluster."),
        _ when exception.InnerException is { } inner => TryDescribe(inner),
        _ => null,
    };
}
