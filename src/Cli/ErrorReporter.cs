using System.Runtime.InteropServices;
using TraceLab.Errors;

namespace TraceLab.Cli;

/// <summary>Prints failures the way PostgreSQL does (error, detail, hint) and picks the exit code.</summary>
internal static class ErrorReporter
{
    /// <summary>Exit code for a failed command.</summary>
    public const int Failure = ExitCodes.Failure;

    /// <summary>Exit code for a command line that could not be parsed.</summary>
    public const int Usage = ExitCodes.Usage;

    /// <summary>Reports <paramref name="exception"/> on standard error and returns the exit code.</summary>
    public static int Report(Exception exception) => Report(exception, Console.Error, InternalError.ShowsStackTrace);

    /// <summary>Reports <paramref name="exception"/> on <paramref name="error"/> and returns the exit code.</summary>
    /// <param name="exception">What the command threw.</param>
    /// <param name="error">Where to write the report.</param>
    /// <param name="withStackTrace">Whether an internal error (a bug) is followed by its stack trace.</param>
    public static int Report(Exception exception, TextWriter error, bool withStackTrace = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException)
        {
            ErrorPrinter.Write(error, ErrorSeverity.Error, "canceled", null, null);
            return Failure;
        }

        var described = UserFacing.TryDescribe(exception);
        ErrorPrinter.Write(error, described ?? InternalError.Describe(exception));
        if (described is null && withStackTrace)
        {
            error.WriteLine(exception.ToString());
        }

        return described?.Class == ErrorClass.Usage ? Usage : Failure;
    }

    /// <summary>Reports on standard error that the command <paramref name="command"/> was stopped by
    /// <paramref name="signal"/>, in one line, and returns the exit code (130 for SIGINT, 143 for SIGTERM).</summary>
    /// <remarks>No error triple: stopping was asked for. The line says what the interruption left behind.</remarks>
    public static int ReportInterrupted(string? command, PosixSignal signal)
    {
        Console.Error.WriteLine(command switch
        {
            // Each batch commits its events together with its checkpoint, so a rerun starts where this one stopped.
            "record" => "record: interrupted; what was ingested is kept, run it again to continue",
            null => "tracelab: interrupted",
            _ => $"{command}: interrupted",
        });
        return Interruption.ExitCodeFor(signal);
    }

    /// <summary>Writes one error a command reports without failing at once (a damaged spool file), in the same
    /// form as a failure: <c>error:</c>, then <c>detail:</c> and <c>hint:</c> when present.</summary>
    public static void Write(TraceLabException error) => ErrorPrinter.Write(Console.Error, error);
}
