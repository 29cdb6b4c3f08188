using MessagePack;
using TraceLab.Events;
using TraceLab.Recorder.Frames;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Runs <see cref="FrameDecoder"/> over one encoded frame and checks that it consumed exactly that frame.</summary>
internal static class FrameDecoding
{
    public static IRecordedFrame? Decode(byte[] bytes)
    {
        var reader = new MessagePackReader(bytes);
        var frame = FrameDecoder.Decode(ref reader);
        reader.End.ShouldBeTrue("the decoder must consume the whole frame");
        return frame;
    }

    public static IRecordedFrame Decode(object?[] fields) => Decode(FrameEncoder.Encode(fields)).ShouldNotBeNull();

    /// <summary>The detail of the <see cref="FrameFormatException"/> that decoding <paramref name="fields"/> throws.</summary>
    public static string Rejection(object?[] fields) =>
        Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(fields))).Problem;
}
