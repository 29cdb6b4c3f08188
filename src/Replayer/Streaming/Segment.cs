using TraceLab.Events;

namespace TraceLab.Replayer.Streaming;

/// <summary>Consecutive frames of one session, as read ahead; the last segment of a session says so (a session without
/// frames has exactly one, empty).</summary>
internal sealed record Segment(RecordedSession Session, IRecordedFrame[] Frames, int Count, bool EndOfSession);
