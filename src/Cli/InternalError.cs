using TraceLab.Errors;

namespace TraceLab.Cli;

/// <summary>How tracelab reports an exception no layer turned into a <see cref="TraceLabException"/>: a bug.</summary>
/// <remarks>
/// No input may ever print a stack trace: the user gets one <c>error: internal error: …</c> line, where it was thrown
/// and how to report it. Whoever debugs it sets <see cref="DebugVariable"/> to <c>1</c> to get the trace as well.
/// </remarks>
internal static class InternalError
{
    /// <summary>The environment variable that adds the stack trace to an internal error.</summary>
    public const string DebugVariable = "TRACELAB_DEBUG";

    /// <summary>Whether <see cref="DebugVariable"/> asks for stack traces.</summary>
    public static bool ShowsStackTrace => Environment.GetEnvironmentVariable(DebugVariable) == "1";

    /// <summary>The error a user reads for the unexpected <paramref name="exception"/>.</summary>
    public static TraceLabException Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var where = exception.TargetSite is { DeclaringType: { } type } site ? $" in {type.FullName}.{site.Name}" : "";
        return new TraceLabException(
            $"internal error: {FirstLine(exception.Message)}",
            $"{exception.GetType().FullName} was thrown{where} and not handled.",
            "This is a bug in TraceLab: please report it with the command line and the output of \"tracelab --version\". "
            + $"Run the command again with {DebugVariable}=1 to print the stack trace.",
            exception);
    }

    /// <summary>.NET messages are sentences, sometimes of several lines; a primary message is one line, no period.</summary>
    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim().TrimEnd('.');
        return line.Length == 0 ? "unexpected exception" : line;
    }
}
