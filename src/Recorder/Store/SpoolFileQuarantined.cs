namespace TraceLab.Store;

/// <summary>The Recorder moved the session's spool file to quarantine: it is damaged, and the session's recording stops
/// at <paramref name="Offset"/>, the end of its last good block.</summary>
/// <param name="Problem">The error's message, as <c>record</c> printed it.</param>
/// <param name="Detail">The error's detail: where in the file, from which frame.</param>
/// <param name="Offset">How far the file was ingested.</param>
/// <param name="QuarantineDirectory">Where the file went, with a <c>.note</c> beside it saying why.</param>
/// <remarks>Not a frame: the probe never wrote it, and readers of frames skip it. It only sets the session's state
/// (<see cref="SessionState.Quarantined"/>).</remarks>
public sealed record SpoolFileQuarantined(string Problem, string Detail, long Offset, string QuarantineDirectory);
