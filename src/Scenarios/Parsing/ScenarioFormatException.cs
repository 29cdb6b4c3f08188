using TraceLab.Errors;

namespace TraceLab.Scenarios.Parsing;

/// <summary>A scenario file that cannot be run as written: the message names the file and the line.</summary>
public sealed class ScenarioFormatException : TraceLabException
{
    private ScenarioFormatException(string message, string? detail, string? hint)
        : base(message, detail, hint)
    {
    }

    /// <summary>The file, as given.</summary>
    public string Path { get; private init; } = "";

    /// <summary>The offending line (1-based), or 0 for the file as a whole.</summary>
    public int Line { get; private init; }

    /// <summary><c>invalid scenario file "x.sql" line 12: unrecognized directive "-- @stepp"</c>.</summary>
    public static ScenarioFormatException At(string path, int line, string problem, string? detail = null, string? hint = null) =>
        new(line > 0 ? $"invalid scenario file \"{path}\" line {line}: {problem}" : $"invalid scenario file \"{path}\": {problem}",
            detail, hint)
        {
            Path = path,
            Line = line,
        };

    /// <summary>The file could not be read at all.</summary>
    public static ScenarioFormatException Unreadable(string path, Exception cause) =>
        new($"could not read scenario file \"{path}\"", cause.Message, null) { Path = path };
}
