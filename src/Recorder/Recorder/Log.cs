using Microsoft.Extensions.Logging;

namespace TraceLab.Recorder;

/// <summary>The Recorder's log messages; event ids 1000–1999.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information,
        "Ingested {EventCount} events from {FileCount} spool files in {SpoolDirectory}")]
    public static partial void DirectoryIngested(ILogger logger, long eventCount, int fileCount, string spoolDirectory);

    [LoggerMessage(1001, LogLevel.Debug,
        "Appended {EventCount} events from {SpoolFile} to session {SessionId}, checkpoint now at offset {Offset}")]
    public static partial void BlocksIngested(ILogger logger, int eventCount, string spoolFile, string sessionId, long offset);

    [LoggerMessage(1002, LogLevel.Debug,
        "Blocks of session {SessionId} up to offset {Offset} were already ingested")]
    public static partial void BlocksAlreadyIngested(ILogger logger, string sessionId, long offset);

    [LoggerMessage(1003, LogLevel.Debug,
        "Checkpoint of session {SessionId} moved while blocks from offset {Offset} were ingested; re-reading from it")]
    public static partial void CheckpointConflict(ILogger logger, string sessionId, long offset);

    // A spool problem is data, not a fault: SpoolIngestSummary.Errors hands it to the caller, which reports it (the
    // CLI prints it as error/detail/hint). Logged at Debug, for tracing only: at Warning every caller that reports the
    // summary showed it twice. Its message and detail say everything; a stack trace would not help.
    [LoggerMessage(1004, LogLevel.Debug,
        "Stopped ingesting {SpoolFile} at offset {Offset}: {Problem}. {Detail}")]
    public static partial void SpoolFileStopped(ILogger logger, string spoolFile, long offset, string problem, string? detail);

    [LoggerMessage(1005, LogLevel.Debug,
        "Spool file {SpoolFile} disappeared before it was read")]
    public static partial void SpoolFileVanished(ILogger logger, string spoolFile);

    [LoggerMessage(1007, LogLevel.Information,
        "Session {SessionId} ended abnormally: its server started again after it, and it has no SessionEnded")]
    public static partial void SessionEndedAbnormally(ILogger logger, string sessionId);

    // Reported in SpoolIngestSummary.Errors like a damaged spool file (see 1004), and read again at every poll while
    // following: Debug.
    [LoggerMessage(1008, LogLevel.Debug,
        "Could not read server start file {StartFile}: {Problem}. {Detail}")]
    public static partial void ServerStartFileUnreadable(ILogger logger, string startFile, string problem, string? detail);

    [LoggerMessage(1009, LogLevel.Information,
        "Moved damaged spool file {SpoolFile} to {QuarantinedFile}; it was ingested up to offset {Offset}")]
    public static partial void SpoolFileQuarantined(ILogger logger, string spoolFile, string quarantinedFile, long offset);

    [LoggerMessage(1010, LogLevel.Warning,
        "Could not quarantine {SpoolFile}: {Problem}. {Detail}")]
    public static partial void SpoolFileNotQuarantined(ILogger logger, string spoolFile, string problem, string? detail);

    [LoggerMessage(1006, LogLevel.Warning,
        "Could not ingest {SpoolDirectory}; trying again in {PollInterval}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string spoolDirectory, TimeSpan pollInterval);

    [LoggerMessage(1012, LogLevel.Information,
        "Session {SessionId} ended abnormally: {Why}, and it has no SessionEnded")]
    public static partial void BackendGone(ILogger logger, string sessionId, string why);

    [LoggerMessage(1011, LogLevel.Warning,
        "Could not remove ingested spool file {SpoolFile}: {Problem} It stays, and is tried again on the next run")]
    public static partial void IngestedFileNotRemoved(ILogger logger, string spoolFile, string problem);
}
