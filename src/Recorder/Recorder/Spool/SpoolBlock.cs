using TraceLab.Events;

namespace TraceLab.Recorder.Spool;

/// <summary>One complete, checksummed block of a spool file, decoded.</summary>
/// <param name="Offset">The byte offset of the block in the file.</param>
/// <param name="EndOffset">The byte offset just past the block: where the next block starts.</param>
/// <param name="Events">The block's frames, in file order (a frame of a type this Recorder does not know makes the
/// block damage, see FORMAT.md).</param>
/// <param name="Payload">The block's frames as the probe encoded them (the payload whose CRC matched): what the event
/// store keeps (<see cref="FrameBatch"/>).</param>
public sealed record SpoolBlock(
    long Offset, long EndOffset, IReadOnlyList<IRecordedFrame> Events, ReadOnlyMemory<byte> Payload);
