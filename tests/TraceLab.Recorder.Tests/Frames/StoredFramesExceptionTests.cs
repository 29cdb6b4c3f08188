using TraceLab.Errors;
using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>A stored batch that does not decode is a user's problem told as error/detail/hint, not a bug.</summary>
public sealed class StoredFramesExceptionTests
{
    [Fact]
    public void A_batch_whose_frame_breaks_the_format_names_the_batch_the_frame_and_the_problem()
    {
        var fields = FrameEncoder.Fields(new SessionEnded(SampleFrames.Header(3)));
        fields[1] = "3";
        var batch = new FrameBatch(3, 3, 1, FrameEncoder.Encode(fields), FrameBatchFacts.Of([]));

        var error = Should.Throw<StoredFramesException>(() => FrameBatchDecoder.Decode(batch));

        error.ShouldBeAssignableTo<TraceLabException>();
        error.Message.ShouldBe("could not decode the stored frames 3–3");
        error.Detail.ShouldBe(
            "Frame 0 of the batch cannot be decoded: Element 1 (seq) of the SessionEnded frame is a string where an integer is expected.");
        error.Hint.ShouldNotBeNull().ShouldStartWith("The event store or trace file was changed by something other than TraceLab");
    }
}
