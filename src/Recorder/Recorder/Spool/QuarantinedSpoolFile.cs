namespace TraceLab.Recorder.Spool;

/// <summary>A damaged spool file the Recorder moved out of the spool directory, with a note beside it.</summary>
/// <param name="SpoolFile">Where the file was.</param>
/// <param name="Destination">Where it is now: <c>&lt;quarantine&gt;/&lt;name&gt;.tlspool</c>.</param>
/// <param name="Note">The note beside it: <c>&lt;Destination&gt;.note</c>.</param>
/// <param name="IngestedTo">The offset up to which the file was ingested (its checkpoint); 0 when nothing was.</param>
/// <param name="Problem">Why it was moved; its hint names <paramref name="Destination"/>.</param>
public sealed record QuarantinedSpoolFile(string SpoolFile, string Destination, string Note, long IngestedTo, SpoolException Problem);
