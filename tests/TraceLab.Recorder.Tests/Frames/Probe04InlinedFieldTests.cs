using TraceLab.Events;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>The <c>inlined</c> field probe 0.4 appends to FunctionEntered (FORMAT.md, "Inlined calls"): the user
/// functions an inlined call's body may call, nil or absent for a call that ran.</summary>
public sealed class Probe04InlinedFieldTests
{
    private const int InlinedElement = 15;

    private static readonly FrameHeader H = new(9, 8, 1, 1_000_000, 10, 10, SecurityContext.None);

    private static readonly string[] GoldenFiles = ["attack-view", "attack-trigger", "benign"];

    [Fact]
    public void Round_trips_an_inlined_call_with_the_functions_its_body_may_call()
    {
        var call = SampleFrames.InlinedCall(16);

        var decoded = Decode(FrameEncoder.Encode(call)).ShouldBeOfType<FunctionEntered>();

        decoded.ShouldMatch(call);
        decoded.Inlined.ShouldBe([16500u, 16501u, 4_000_000_000u]);
    }

    [Fact]
    public void Reads_the_inlined_field_as_element_15_after_via()
    {
        object?[] fields =
        [
            20u, 9ul, 8ul, 1u, 1_000_000L, 10u, 10u, 0u,
            16396u, "call", 7, null, null, "planning", null, new object?[] { 16394u, 16393u },
        ];

        Decode(fields).ShouldMatch(new FunctionEntered(H, 16396, "call", 7, null, null, "planning", null, [16394, 16393]));
    }

    [Fact]
    public void Tells_an_inlined_body_that_calls_no_user_function_from_a_call_that_ran()
    {
        var nested = SampleFrames.Variants().OfType<FunctionEntered>().Single(f => f.Inlined is { Count: 0 });
        var ran = SampleFrames.OneOf<FunctionEntered>();

        Decode(FrameEncoder.Encode(nested)).ShouldBeOfType<FunctionEntered>().Inlined.ShouldNotBeNull().ShouldBeEmpty();
        Decode(FrameEncoder.Encode(ran)).ShouldBeOfType<FunctionEntered>().Inlined.ShouldBeNull();
    }

    [Fact]
    public void Reads_a_nil_inlined_field_as_a_call_that_ran()
    {
        var call = SampleFrames.InlinedCall(16);

        var decoded = Decode(FieldPath.Replace(FrameEncoder.Fields(call), [InlinedElement], null));

        decoded.ShouldMatch(call with { Inlined = null });
    }

    [Fact]
    public void Decodes_a_call_as_probe_0_3_wrote_it_without_the_inlined_field()
    {
        var call = SampleFrames.InlinedCall(16);
        var fields = FrameEncoder.Probe03Fields(call);

        fields.Length.ShouldBe(InlinedElement);
        Decode(fields).ShouldMatch(call with { Inlined = null });
    }

    [Fact]
    public void Skips_elements_appended_after_the_inlined_field()
    {
        var call = SampleFrames.InlinedCall(16);

        Decode([.. FrameEncoder.Fields(call), "a field of a later probe", 42u]).ShouldMatch(call);
    }

    [Fact]
    public void Rejects_an_inlined_field_that_is_not_an_array() =>
        Rejection(FieldPath.Replace(FrameEncoder.Fields(SampleFrames.InlinedCall(16)), [InlinedElement], 16500u)).ShouldBe(
            "Element 15 (inlined) of the FunctionEntered frame is an integer where an array is expected.");

    [Fact]
    public void Rejects_an_inlined_function_that_is_not_an_oid() =>
        Rejection(FieldPath.Replace(FrameEncoder.Fields(SampleFrames.InlinedCall(16)), [InlinedElement, 1], "f_sql")).ShouldBe(
            "Element 1 (function_oid) of the inlined of the FunctionEntered frame is a string where an integer is expected.");

    [Fact]
    public void Reads_the_calls_of_the_golden_files_written_by_probe_0_2_as_calls_that_ran()
    {
        var calls = GoldenFiles
            .SelectMany(name => new SpoolFileReader(Path.Combine(AppContext.BaseDirectory, "Golden", name + SpoolFileReader.FileExtension))
                .ReadBlocks().SelectMany(b => b.Events))
            .OfType<FunctionEntered>()
            .ToList();

        calls.ShouldNotBeEmpty();
        calls.ShouldAllBe(c => c.Inlined == null);
    }
}
