using TraceLab.Errors;

namespace TraceLab.Traces;

/// <summary>A trace file that cannot be read or written, told as PostgreSQL tells an error: message, detail, hint.</summary>
public sealed class TraceFileException : TraceLabException
{
    public TraceFileException()
    {
    }

    public TraceFileException(string message)
        : base(message)
    {
    }

    public TraceFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TraceFileException(string message, string? detail, string? hint, Exception? innerException = null)
        : base(message, detail, hint, innerException)
    {
    }

    /// <summary>The file does not start as a trace file does: it is something else, not a damaged trace.</summary>
    internal static TraceFileException NotATraceFile(string path) => new(
        $"\"{path}\" is not a TraceLab trace file",
        "Its header does not start with \"tracelab-trace\".",
        "A trace file is written by \"tracelab export\"; spool files (.tlspool) are ingested with \"tracelab record\".");

    internal static TraceFileException Damaged(string path, long offset, string detail) => new(
        $"trace file \"{path}\" is damaged",
        $"At byte offset {offset}: {detail}",
        "Export the sessions again from the event store they came from; a trace file is written in one go and never changed.");
}
