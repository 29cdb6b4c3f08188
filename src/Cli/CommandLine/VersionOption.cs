using System.Reflection;

namespace TraceLab.Cli.CommandLine;

/// <summary><c>tracelab --version</c> (or <c>-V</c>, as psql and pg_ctl spell it): one line, <c>tracelab VERSION</c>.</summary>
/// <remarks>Handled before the parser: Spectre's own version option is <c>-v</c> and prints the bare number.</remarks>
internal static class VersionOption
{
    /// <summary>Whether <paramref name="args"/> asks for the version and nothing else.</summary>
    public static bool IsRequested(IReadOnlyList<string> args) => args is ["--version"] or ["-V"];

    /// <summary>The line to print: the assembly's informational version (with the commit it was built from, when known).</summary>
    public static string Line { get; } = "tracelab " + (
        typeof(VersionOption).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionOption).Assembly.GetName().Version?.ToString(3)
        ?? "unknown");
}
