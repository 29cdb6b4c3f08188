using Microsoft.Extensions.Logging;

namespace TraceLab.Distributed;

/// <summary>The log messages of distributed replay (event ids 5000-5099).</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Debug, "Discarded a job of {Sessions} sessions of run {RunId}, which is no longer running")]
    public static partial void JobOfFinishedRun(ILogger logger, Guid runId, int sessions);

    [LoggerMessage(5003, LogLevel.Warning, "{Refusal} (run {RunId})")]
    public static partial void JobRefused(ILogger logger, string refusal, Guid runId);

    [LoggerMessage(5004, LogLevel.Error, "Could not replay a job of run {RunId}")]
    public static partial void JobFailed(ILogger logger, Guid runId, Exception exception);
}
