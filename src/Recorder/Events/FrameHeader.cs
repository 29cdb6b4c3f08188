namespace TraceLab.Events;

/// <summary>The common prefix of every probe frame (see src/Recorder/Probe/FORMAT.md).</summary>
/// <remarks>A value inside each event rather than an object of its own: a replay decodes millions of frames, and a
/// header object each was the second largest of its allocations.</remarks>
/// <param name="Seq">Per-session sequence number, starting at 1.</param>
/// <param name="Parent">Seq of the enclosing statement or function frame; 0 at top level.</param>
/// <param name="Depth">Nesting depth; 0 for a top-level statement.</param>
/// <param name="TimestampUs">Microseconds since the Unix epoch, as the backend saw it.</param>
/// <param name="CurrentUser">Oid of the effective user when the frame was made.</param>
/// <param name="OuterUser">Oid of the role set by SET ROLE.</param>
/// <param name="SecurityContext">PostgreSQL security-context flags, see <see cref="SecurityContext"/>.</param>
public readonly record struct FrameHeader(
    long Seq,
    long Parent,
    int Depth,
    long TimestampUs,
    uint CurrentUser,
    uint OuterUser,
    SecurityContext SecurityContext);
