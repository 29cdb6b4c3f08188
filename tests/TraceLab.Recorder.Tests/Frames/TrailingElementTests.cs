using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>Elements a newer probe may append, to a frame or to any array nested in it, are skipped.</summary>
public sealed class TrailingElementTests
{
    private static readonly object?[] Future = ["a future field", 7, new object?[] { 1, "x", new object?[] { null } }, null, true, 1.5];

    private static readonly IReadOnlyList<IRecordedFrame> Samples = [.. SampleFrames.OneOfEach(), .. SampleFrames.Variants()];

    public static IEnumerable<TheoryDataRow<int>> SampleIndexes =>
        Samples.Select((f, i) => new TheoryDataRow<int>(i) { Label = $"{f.GetType().Name} {f.Frame.Seq}" });

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Ignores_trailing_elements_of_every_frame(int index)
    {
        var frame = Samples[index];

        Decode(FieldPath.Append(FrameEncoder.Fields(frame), [], Future)).ShouldMatch(frame);
    }

    private static readonly Dictionary<string, (IRecordedFrame Frame, int[] Path)> NestedArrays = new()
    {
        ["membership of RoleDescribed"] = (SampleFrames.RoleDescribed(2), [14, 1]),
        ["code of RelationDescribed"] = (SampleFrames.Table(4), [17]),
        ["default of the code"] = (SampleFrames.Table(4), [17, 0, 1]),
        ["check of the code"] = (SampleFrames.Table(4), [17, 1, 0]),
        ["index of the code"] = (SampleFrames.Table(4), [17, 2, 1]),
        ["rule of the code"] = (SampleFrames.Table(4), [17, 3, 0]),
        ["policy of the code"] = (SampleFrames.Table(4), [17, 4, 1]),
        ["domain column of the code"] = (SampleFrames.Table(4), [17, 5, 0]),
        ["check of TypeDescribed"] = (SampleFrames.Domain(6), [16, 0]),
        ["view of QueryAnalyzed"] = (SampleFrames.QueryAnalyzed(7), [10, 1]),
        ["relation of QueryAnalyzed"] = (SampleFrames.QueryAnalyzed(7), [11, 0]),
        ["aggregate of QueryAnalyzed"] = (SampleFrames.QueryAnalyzed(7), [12, 0]),
        ["prepared of StatementStarted"] = (SampleFrames.OneOf<StatementStarted>(), [13]),
        ["portal of StatementStarted"] = (SampleFrames.OneOf<StatementStarted>(), [14]),
        ["copy of StatementStarted"] = (SampleFrames.OneOf<StatementStarted>(), [17]),
        ["plpgsql of StatementStarted"] = (SampleFrames.OneOf<StatementStarted>(), [18]),
        ["row security entry of PlanFinished"] = (SampleFrames.OneOf<PlanFinished>(), [11, 1]),
        ["trigger of FunctionEntered"] = (SampleFrames.TriggerCall(8), [11]),
        ["event trigger of FunctionEntered"] = (SampleFrames.EventTriggerCall(8), [12]),
        ["event trigger reference"] = (SampleFrames.EventTriggerCall(8), [12, 2, 1]),
        ["via of FunctionEntered"] = (SampleFrames.OneOf<FunctionEntered>(), [14]),
    };

    public static TheoryData<string> NestedArrayNames => [.. NestedArrays.Keys];

    [Theory]
    [MemberData(nameof(NestedArrayNames))]
    public void Ignores_trailing_elements_of_a_nested_array(string name)
    {
        var (frame, path) = NestedArrays[name];

        Decode(FieldPath.Append(FrameEncoder.Fields(frame), path, Future)).ShouldMatch(frame);
    }

    [Fact]
    public void Ignores_trailing_elements_at_every_level_at_once()
    {
        var table = SampleFrames.Table(4);
        var fields = FrameEncoder.Fields(table);
        foreach (var path in new[] { [17, 4, 0], [17, 4, 1], [17, 0, 0], [17], Array.Empty<int>() })
        {
            fields = FieldPath.Append(fields, path, Future);
        }

        Decode(fields).ShouldMatch(table);
    }
}
