using TraceLab.Errors;

namespace TraceLab.Replayer.Distributed;

/// <summary>Stored bytes that are not a <see cref="SessionReplayResult"/> this version can read, told as PostgreSQL
/// tells an error.</summary>
public sealed class SessionReplayResultFormatException : TraceLabException
{
    public SessionReplayResultFormatException()
    {
    }

    public SessionReplayResultFormatException(string message)
        : base(message)
    {
    }

    public SessionReplayResultFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private SessionReplayResultFormatException(string message, string? detail, string? hint, Exception? innerException = null)
        : base(message, detail, hint, innerException)
    {
    }

    /// <summary>The bytes start with a version this build does not write.</summary>
    internal static SessionReplayResultFormatException UnsupportedVersion(int version) => new(
        "unsupported replay result format",
        $"The result is in format version {version}; this tracelab reads version {ResultFormat.Version}.",
        "Run the coordinator and every worker from the same tracelab version.");

    /// <summary>The bytes end early, or say something the format does not allow, at <paramref name="offset"/>.</summary>
    internal static SessionReplayResultFormatException Damaged(long offset, string detail, Exception? cause = null) => new(
        "invalid replay result",
        $"At byte offset {offset}: {detail}",
        "The stored result is damaged or was not written by tracelab; replay the session again.",
        cause);
}
