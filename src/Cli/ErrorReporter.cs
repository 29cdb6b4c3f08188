using System.Runtime.InteropServices;
using Spectre.Console.Cli;

namespace TraceLab.Cli;

/// <summary>Prints failures the way PostgreSQL does (error, detail, hint) and picks the exit code.</summary>
internal static class ErrorReporter
{
    /// <summary>Exit code for a failed command.</summary>
    public const int Failure = ExitCodes.Failure;

    /// <summary>Exit code for a command line that could not be parsed.</summary>
    public const int Usage = ExitCodes.Usage;

    /// <summary>Reports <paramref name="exception"/> on standard error and returns the exit code.</summary>
    public static int Report(Exception exception) => Report(exception, Console.Error);

    /// <summary>Reports <paramref name="exception"/> on <paramref name="error"/> and returns the exit code.</summary>
    public static int Report(Exception exception, TextWriter error)
    {
        switch (exception)
        {
            case CliException cli:
                Write(error, cli.Message, cli.Detail, cli.Hint);
                return cli.IsUsage ? Usage : Failure;
            case CommandParseException or CommandRuntimeException:
                Write(error, InPostgresStyle(exception.Message), null, "Run \"tracelab --help\" for the list of commands and options.");
                return Usage;
            case OperationCanceledException:
                Write(error, "canceled", null, null);
                return Failure;
            default:
                if (UserFacing.TryDescribe(exception) is { } described)
                {
                    Write(error, described.Message, described.Detail, described.Hint);
                    return Failure;
                }

                Write(error, exception.Message, exception.GetType().FullName, null);
                error.WriteLine(exception.ToString());
                return Failure;
        }
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
    public static void Write(UserFacingError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Write(Console.Error, error.Message, error.Detail, error.Hint);
    }

    /// <summary>Spectre's parser writes "Unknown command 'x'."; PostgreSQL's style is lower case with no period.</summary>
    private static string InPostgresStyle(string message)
    {
        var trimmed = message.Trim().TrimEnd('.');
        return trimmed.Length > 1 && char.IsUpper(trimmed[0]) && char.IsLower(trimmed[1])
            ? char.ToLowerInvariant(trimmed[0]) + trimmed[1..]
            : trimmed;
    }

    private static void Write(TextWriter writer, string message, string? detail, string? hint)
    {
        writer.WriteLine($"error: {message}");
        if (detail is not null)
        {
            writer.WriteLine($"detail: {detail}");
        }

        if (hint is not null)
        {
            writer.WriteLine($"hint: {hint}");
        }
    }
}
