using Npgsql;
using Spectre.Console.Cli;
using TraceLab.Errors;

namespace TraceLab.Cli;

/// <summary>The error a user reads for what a command threw: TraceLab's own errors as they are, and the errors of the
/// libraries tracelab uses (the command-line parser, Npgsql) told in TraceLab's voice.</summary>
internal static class UserFacing
{
    /// <summary>The hint of every error of the command line the parser finds.</summary>
    public const string HelpHint = "Run \"tracelab --help\" for the list of commands and options.";

    /// <summary>The error to print for <paramref name="exception"/>, or null when it is a programming error (a bug).</summary>
    public static TraceLabException? TryDescribe(Exception exception) => exception switch
    {
        TraceLabException own => own,
        CommandParseException or CommandRuntimeException => new TraceLabException(
            InPostgresStyle(exception.Message), null, HelpHint, exception, ErrorClass.Usage),
        PostgresException pg => new TraceLabException(pg.MessageText, pg.Detail, pg.Hint, pg),
        NpgsqlException npgsql => new TraceLabException(
            "could not connect to the event store",
            npgsql.InnerException?.Message ?? npgsql.Message,
            "Check --connection or TRACELAB_CONNECTION, or run \"tracelab up\" for the embedded cluster.",
            npgsql),
        UnauthorizedAccessException denied => new TraceLabException(
            "permission denied",
            InPostgresStyle(denied.Message) + ".",
            "Run tracelab as the OS user that owns these files (the one that ran \"tracelab up\" for the embedded cluster).",
            denied),
        _ when exception.InnerException is { } inner => TryDescribe(inner),
        _ => null,
    };

    /// <summary>Spectre's parser writes "Unknown command 'x'."; PostgreSQL's style is lower case with no period.</summary>
    private static string InPostgresStyle(string message)
    {
        var trimmed = message.Trim().TrimEnd('.');
        if (System.Text.RegularExpressions.Regex.Match(trimmed, "^Option '([A-Za-z][A-Za-z0-9-]*)' is defined but no value has been provided$",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase) is { Success: true } missing)
        {
            return $"option \"--{missing.Groups[1].Value}\" needs a value";
        }

        return trimmed.Length > 1 && char.IsUpper(trimmed[0]) && char.IsLower(trimmed[1])
            ? char.ToLowerInvariant(trimmed[0]) + trimmed[1..]
            : trimmed;
    }
}
