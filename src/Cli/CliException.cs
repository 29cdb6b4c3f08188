using TraceLab.Errors;

namespace TraceLab.Cli;

/// <summary>An error of the command line or of what it runs (a missing package, a cluster that is not running, a
/// session id that matches nothing), reported like every <see cref="TraceLabException"/>: message, detail, hint.</summary>
/// <remarks>Programmer errors stay ordinary .NET exceptions; this type is for conditions a user causes or can fix.</remarks>
public sealed class CliException : TraceLabException
{
    private CliException(
        string message, string? detail, string? hint, Exception? inner = null, ErrorClass errorClass = ErrorClass.Failure)
        : base(message, detail, hint, inner, errorClass)
    {
    }

    /// <summary>Whether the command line itself is at fault (exit code 2 rather than 1).</summary>
    public bool IsUsage => Class == ErrorClass.Usage;

    /// <summary>A command line whose values do not make sense, from its three parts (exit code 2).</summary>
    public static CliException Usage(string message, string? detail = null, string? hint = null) =>
        new(message, detail, hint, errorClass: ErrorClass.Usage);

    /// <summary>Builds an error from its three parts.</summary>
    public static CliException Create(string message, string? detail = null, string? hint = null, Exception? inner = null) =>
        new(message, detail, hint, inner);

    /// <summary>A required program or file of a Debian package is missing.</summary>
    public static CliException MissingPackage(string what, string path, string package) =>
        new($"could not find {what}",
            $"File \"{path}\" does not exist.",
            $"Install the Debian package \"{package}\": apt-get install postgresql-15 postgresql-server-dev-15");

    /// <summary>An external command failed.</summary>
    public static CliException CommandFailed(string command, int exitCode, string output) =>
        new($"command \"{command}\" failed with exit code {exitCode}",
            string.IsNullOrWhiteSpace(output) ? null : $"Its output ended with: {Tail(output)}",
            null);

    /// <summary>The embedded cluster is needed but not running.</summary>
    public static CliException ClusterNotRunning(string stateDirectory) =>
        new("the embedded PostgreSQL cluster is not running",
            $"No running cluster was found under \"{stateDirectory}\".",
            "Run \"tracelab up\", or give an event store with --connection or TRACELAB_CONNECTION.");

    private static string Tail(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" ", lines.TakeLast(3));
    }
}
