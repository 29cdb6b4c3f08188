using MessagePack;
using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>Frames as a version-1 probe wrote them, and version-2 frames that stop early, decode with the records'
/// defaults for what is absent.</summary>
public sealed class Version1CompatibilityTests
{
    private static readonly Type[] Version1Types =
    [
        typeof(SessionStarted), typeof(SessionEnded), typeof(RoleDescribed), typeof(FunctionDescribed),
        typeof(RelationDescribed), typeof(QueryAnalyzed), typeof(StatementStarted), typeof(StatementFinished),
        typeof(FunctionEntered), typeof(FunctionExited), typeof(TransactionEnded), typeof(FramesDropped),
    ];

    private static readonly IReadOnlyList<IRecordedFrame> Version1Samples =
        [.. SampleFrames.OneOfEach().Concat(SampleFrames.Variants()).Where(f => Version1Types.Contains(f.GetType()))];

    public static IEnumerable<TheoryDataRow<int>> Version1SampleIndexes =>
        Version1Samples.Select((f, i) => new TheoryDataRow<int>(i) { Label = $"{f.GetType().Name} {f.Frame.Seq}" });

    [Theory]
    [MemberData(nameof(Version1SampleIndexes))]
    public void Decodes_a_version_1_frame_with_the_defaults_of_what_version_2_appends(int index)
    {
        var frame = Version1Samples[index];

        var decoded = Decode(FrameEncoder.EncodeVersion1(frame)).ShouldNotBeNull();

        decoded.ShouldMatch(SampleFrames.AsVersion1(frame));
    }

    [Fact]
    public void Decodes_a_version_1_session_start_with_its_format_version()
    {
        var started = SampleFrames.SessionStarted() with { FormatVersion = 1, HookMode = "" };

        var decoded = Decode(FrameEncoder.EncodeVersion1(started)).ShouldBeOfType<SessionStarted>();

        decoded.ShouldBe(started);
        (decoded.LeaderPid, decoded.WorkerType, decoded.HookMode).ShouldBe((0, "", ""));
    }

    [Fact]
    public void Reads_an_event_trigger_without_its_triggers_as_null_triggers()
    {
        var fields = FieldPath.Truncate(FrameEncoder.Fields(SampleFrames.EventTriggerCall(8)), [12], 2);

        var decoded = Decode(fields).ShouldBeOfType<FunctionEntered>();

        decoded.EventTrigger.ShouldBe(new EventTriggerContext("ddl_command_end", "ALTER ROLE", Triggers: null));
        decoded.Phase.ShouldBe("utility");
    }

    [Fact]
    public void Keeps_the_appended_fields_written_before_a_frame_stops()
    {
        var statement = SampleFrames.OneOf<StatementStarted>();

        var decoded = Decode(FrameEncoder.Fields(statement)[..16]).ShouldBeOfType<StatementStarted>();

        decoded.ShouldMatch(statement with { Targets = null, Copy = null, Plpgsql = null });
        decoded.Prepared.ShouldBe(new PreparedStatementReference("", 0));
        decoded.Portal.ShouldBe(new PortalReference("c1", CachedPlan: true));
    }

    public static TheoryData<string, int> AppendedFieldCuts =>
    [
        ("SessionStarted", 19), ("RoleDescribed", 14), ("FunctionDescribed", 18), ("RelationDescribed", 15),
        ("QueryAnalyzed", 11), ("StatementStarted", 13), ("FunctionEntered", 13),
    ];

    [Theory]
    [MemberData(nameof(AppendedFieldCuts))]
    public void Decodes_a_frame_cut_after_any_of_its_appended_fields(string type, int version1Length)
    {
        var frame = SampleFrames.OneOfEach().Single(f => f.GetType().Name == type);
        var fields = FrameEncoder.Fields(frame);

        for (var length = version1Length; length <= fields.Length; length++)
        {
            var decoded = Decode(fields[..length]);

            decoded.Frame.ShouldBe(frame.Frame, $"cut at {length} elements");
        }

        Decode(fields[..version1Length]).ShouldMatch(SampleFrames.AsVersion1(frame));
        Decode(fields).ShouldMatch(frame);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(8u)]
    [InlineData(9u)]
    [InlineData(15u)]
    [InlineData(29u)]
    [InlineData(33u)]
    [InlineData(91u)]
    public void Still_skips_frame_types_it_does_not_know(uint type)
    {
        var unknown = FrameEncoder.Encode(type, 5ul, 0ul, 0u, 1L, 10u, 10u, 0u, new object?[] { "nested", 1 }, "more");
        var reader = new MessagePackReader(unknown);

        FrameDecoder.Decode(ref reader).ShouldBeNull();
        reader.End.ShouldBeTrue();
    }
}
