namespace TraceLab.Recorder.Liveness;

/// <summary>A liveness check found a session's backend gone.</summary>
/// <param name="SystemIdentifier">The server that said so, whose sessions alone it may judge; null for the local
/// process table, where pid and start time name one process on the machine whatever its server.</param>
/// <param name="AtUs">When the check found it gone, µs since the Unix epoch: the time of the abnormal end.</param>
/// <param name="Why">How it is known, for the log: <c>the server no longer lists its backend</c>.</param>
public sealed record BackendGone(ulong? SystemIdentifier, long AtUs, string Why);
