using System.Buffers.Binary;
using TraceLab.Events;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>A spool file whose second block declares a wrong length (under the 64 MiB a block may hold) in the middle of
/// the file: the bytes after it look like the unfinished tail of a file still being written.</summary>
internal sealed record DamagedSpool(string Path, long DamageOffset, int FramesBefore, IReadOnlyList<IRecordedFrame> Frames)
{
    public const uint DamagedLength = 1_000_000;

    public static DamagedSpool Write(string directory, string sessionId)
    {
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 60)];
        var header = TestSpool.Header();
        var first = TestSpool.Block(frames.Take(18));
        var damaged = TestSpool.Block(frames.Skip(18).Take(40));
        BinaryPrimitives.WriteUInt32BigEndian(damaged.AsSpan(7), DamagedLength);
        byte[][] rest = [.. frames.Skip(58).Chunk(20).Select(TestSpool.Block)];
        var path = TestSpool.Write(directory, sessionId, [header, first, damaged, .. rest]);
        return new DamagedSpool(path, header.Length + first.Length, 18, frames);
    }
}
