namespace TraceLab.Store;

/// <summary>How far one spool file has been ingested into its session's event stream.</summary>
/// <remarks>
/// Stored in the same transaction as the events it accounts for, with optimistic concurrency: two recorders that
/// read the same blocks both load version <c>n</c>, and only the first to commit version <c>n + 1</c> appends;
/// the other gets a concurrency error, rolls back, and re-reads. <see cref="Offset"/> is always the end of a
/// complete block.
/// </remarks>
/// <param name="Id">The session id: the spool file's base name without <c>.tlspool</c>.</param>
/// <param name="SpoolFile">The path the file was last ingested from (for diagnostics only).</param>
/// <param name="Offset">The byte offset in the spool file up to which every block has been ingested.</param>
/// <param name="LastSeq">The seq of the last event appended, or 0 before any.</param>
/// <param name="EventCount">The number of events appended from this file.</param>
/// <param name="SystemIdentifier">The server's system identifier from the session's SessionStarted; null until it is
/// ingested (and in checkpoints written before the Recorder kept it).</param>
/// <param name="BackendStartUs">The backend start from the session's SessionStarted, µs since the Unix epoch; null
/// likewise.</param>
/// <param name="Ended">Whether the stream has a SessionEnded (the probe's or the Recorder's abnormal end); null in
/// checkpoints written before the Recorder kept it, when only the stream can tell.</param>
/// <param name="EndedAbnormally">Whether that end is the Recorder's abnormal one; frames ingested after it clear both
/// flags (the backend was not gone after all, and the session is running again).</param>
public sealed record SpoolCheckpoint(
    string Id,
    string SpoolFile,
    long Offset,
    long LastSeq,
    long EventCount,
    ulong? SystemIdentifier = null,
    long? BackendStartUs = null,
    bool? Ended = null,
    bool? EndedAbnormally = null);
