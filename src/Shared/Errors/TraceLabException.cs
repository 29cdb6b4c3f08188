namespace TraceLab.Errors;

/// <summary>A problem a user can act on, told as PostgreSQL tells an error: a short message, a detail with the facts
/// and a hint with what to do.</summary>
/// <remarks>
/// <para>Like Npgsql's <c>PostgresException</c>, the three parts stay apart, so the tracelab command prints every such
/// error the same way (<see cref="ErrorPrinter"/>), whichever layer raised it: the frame decoder, the spool and trace
/// readers, the policy reader, the store or the command line. The specific errors derive from this type and are built
/// through static factories, one per problem (<c>SpoolException.CorruptBlock</c>).</para>
/// <para>Programmer errors are not this type: they stay ordinary .NET exceptions and are reported as internal errors.
/// </para>
/// </remarks>
public class TraceLabException : Exception
{
    public TraceLabException()
        : this("unexpected error")
    {
    }

    public TraceLabException(string message)
        : this(message, null, null)
    {
    }

    public TraceLabException(string message, Exception? innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>An error from its three parts.</summary>
    /// <param name="message">The primary message: lower case, no trailing period.</param>
    /// <param name="detail">The facts, as complete sentences, or null.</param>
    /// <param name="hint">What the user can do, as complete sentences, or null.</param>
    /// <param name="innerException">The exception that caused it, if any; never printed.</param>
    /// <param name="errorClass">Whether the command line is at fault.</param>
    public TraceLabException(
        string message,
        string? detail,
        string? hint,
        Exception? innerException = null,
        ErrorClass errorClass = ErrorClass.Failure)
        : base(message, innerException)
    {
        Detail = detail;
        Hint = hint;
        Class = errorClass;
    }

    /// <summary>The facts that explain the message, as complete sentences (one per line when several), or null.</summary>
    public string? Detail { get; }

    /// <summary>What the user can do about it, as complete sentences (one per line when several), or null.</summary>
    public string? Hint { get; }

    /// <summary>Whether the command line is at fault (exit code 2) or not (exit code 1).</summary>
    public ErrorClass Class { get; }
}
