using TraceLab.Events;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>The descriptor fields probe 0.3 appends within format version 2 (<c>extension</c>,
/// <c>in_operator_family</c>, <c>receive_function</c>, <c>send_function</c>) decode, and descriptors as probe 0.2 wrote
/// them decode with the defaults of those fields.</summary>
public sealed class Probe03DescriptorFieldTests
{
    private static readonly FrameHeader H = new(7, 3, 1, 1_000_000, 10, 20, SecurityContext.None);

    private static readonly string[] GoldenFiles = ["attack-view", "attack-trigger", "benign"];

    private static readonly Type[] ExtendedTypes =
        [typeof(FunctionDescribed), typeof(RelationDescribed), typeof(OperatorDescribed), typeof(TypeDescribed)];

    private static readonly IReadOnlyList<IRecordedFrame> Descriptors =
        [.. SampleFrames.OneOfEach().Concat(SampleFrames.Variants()).Where(f => ExtendedTypes.Contains(f.GetType()))];

    public static IEnumerable<TheoryDataRow<int>> DescriptorIndexes =>
        Descriptors.Select((f, i) => new TheoryDataRow<int>(i) { Label = $"{f.GetType().Name} {f.Frame.Seq}" });

    [Fact]
    public void Samples_give_every_field_probe_0_3_appends_a_value_other_than_its_default()
    {
        Descriptors.OfType<FunctionDescribed>().ShouldContain(f => f.Extension != "");
        Descriptors.OfType<RelationDescribed>().ShouldContain(r => r.Extension != "");
        Descriptors.OfType<OperatorDescribed>().ShouldContain(o => o.InOperatorFamily);
        Descriptors.OfType<OperatorDescribed>().ShouldContain(o => o.Extension != "");
        Descriptors.OfType<TypeDescribed>().ShouldContain(t => t.ReceiveFunction != 0);
        Descriptors.OfType<TypeDescribed>().ShouldContain(t => t.SendFunction != 0);
        Descriptors.OfType<TypeDescribed>().ShouldContain(t => t.Extension != "");
    }

    [Theory]
    [MemberData(nameof(DescriptorIndexes))]
    public void Round_trips_the_fields_probe_0_3_appends(int index)
    {
        var frame = Descriptors[index];

        Decode(FrameEncoder.Encode(frame)).ShouldNotBeNull().ShouldMatch(frame);
    }

    [Fact]
    public void Reads_each_appended_field_in_its_place()
    {
        var function = Decode(FrameEncoder.Encode(SampleFrames.OneOf<FunctionDescribed>())).ShouldBeOfType<FunctionDescribed>();
        var view = Decode(FrameEncoder.Encode(SampleFrames.Variants().OfType<RelationDescribed>().Single(r => r.Code is null)))
            .ShouldBeOfType<RelationDescribed>();
        var op = Decode(FrameEncoder.Encode(SampleFrames.OneOf<OperatorDescribed>())).ShouldBeOfType<OperatorDescribed>();
        var type = Decode(FrameEncoder.Encode(SampleFrames.Variants().OfType<TypeDescribed>().Single())).ShouldBeOfType<TypeDescribed>();

        (function.Role, function.Extension).ShouldBe(("estimator", "audit_kit"));
        view.Code.ShouldBeNull();
        view.Extension.ShouldBe("audit_kit", "the extension follows a nil code");
        (op.FunctionOid, op.InOperatorFamily, op.Extension).ShouldBe((16501u, true, "int_ops_kit"));
        (type.ReceiveFunction, type.SendFunction, type.Extension).ShouldBe((3532u, 3533u, "moods"));
    }

    [Theory]
    [MemberData(nameof(DescriptorIndexes))]
    public void Decodes_a_descriptor_as_probe_0_2_wrote_it_with_the_defaults_of_what_probe_0_3_appends(int index)
    {
        var frame = Descriptors[index];

        var decoded = Decode(FrameEncoder.EncodeProbe02(frame)).ShouldNotBeNull();

        decoded.ShouldMatch(SampleFrames.AsProbe02(frame));
    }

    private static readonly Dictionary<string, (object?[] Fields, IRecordedFrame Expected)> Probe02Layouts = new()
    {
        ["FunctionDescribed"] = (
            [.. P(4), 16500u, "mallory", "f", "integer", 16390u, false, "plpgsql", "f", "v", "integer", A(), "type_output"],
            new FunctionDescribed(H, 16500, "mallory", "f", "integer", 16390, false, "plpgsql", "f", "v", "integer", Config: [],
                Role: "type_output", Extension: "")),
        ["RelationDescribed"] = (
            [.. P(5), 16601u, "public", "t", "r", 16385u, false, false, true, false, null],
            new RelationDescribed(H, 16601, "public", "t", "r", 16385, false, false, RowSecurity: true, ForceRowSecurity: false,
                Code: null, Extension: "")),
        ["OperatorDescribed"] = (
            [.. P(6), 16800u, "mallory", "===", "integer", "text", 16390u, 16501u],
            new OperatorDescribed(H, 16800, "mallory", "===", "integer", "text", 16390, 16501, InOperatorFamily: false,
                Extension: "")),
        ["TypeDescribed"] = (
            [.. P(7), 16900u, "mallory", "pos", "d", 16390u, 23u, 2597u, 43u, A()],
            new TypeDescribed(H, 16900, "mallory", "pos", "d", 16390, 23, 2597, 43, [], ReceiveFunction: 0, SendFunction: 0,
                Extension: "")),
    };

    public static TheoryData<string> Probe02LayoutNames => [.. Probe02Layouts.Keys];

    [Theory]
    [MemberData(nameof(Probe02LayoutNames))]
    public void Decodes_a_descriptor_written_by_hand_as_probe_0_2_wrote_it(string name)
    {
        var (fields, expected) = Probe02Layouts[name];

        Decode(fields).ShouldMatch(expected);
    }

    [Fact]
    public void Keeps_the_appended_fields_written_before_a_frame_stops()
    {
        var op = SampleFrames.OneOf<OperatorDescribed>();
        var domain = SampleFrames.Domain(6);

        Decode(FrameEncoder.Fields(op)[..16]).ShouldMatch(op with { Extension = "" });
        Decode(FrameEncoder.Fields(domain)[..18]).ShouldMatch(domain with { SendFunction = 0, Extension = "" });
        Decode(FrameEncoder.Fields(domain)[..19]).ShouldMatch(domain with { Extension = "" });
    }

    [Fact]
    public void Reads_the_descriptors_of_the_golden_files_written_by_probe_0_2_with_the_defaults()
    {
        var events = GoldenFiles
            .SelectMany(name => new SpoolFileReader(Path.Combine(AppContext.BaseDirectory, "Golden", name + SpoolFileReader.FileExtension))
                .ReadBlocks().SelectMany(b => b.Events))
            .ToList();

        events.OfType<SessionStarted>().ShouldAllBe(s => s.ProbeVersion == "0.2");
        events.OfType<FunctionDescribed>().ShouldNotBeEmpty();
        events.OfType<FunctionDescribed>().ShouldAllBe(f => f.Extension == "");
        events.OfType<RelationDescribed>().ShouldNotBeEmpty();
        events.OfType<RelationDescribed>().ShouldAllBe(r => r.Extension == "");
    }

    private static object?[] P(uint type) => [type, 7ul, 3ul, 1u, 1_000_000L, 10u, 20u, 0u];

    private static object?[] A(params object?[] elements) => elements;
}
