using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>Fields FORMAT.md marks optional decode as null when nil; the others refuse nil.</summary>
public sealed class OptionalFieldTests
{
    private static readonly Dictionary<string, (IRecordedFrame Frame, int Element, IRecordedFrame Expected)> NilFields = new()
    {
        ["code of RelationDescribed"] = (SampleFrames.Table(4), 17, SampleFrames.Table(4) with { Code = null }),
        ["prepared of StatementStarted"] = (Statement, 13, Statement with { Prepared = null }),
        ["portal of StatementStarted"] = (Statement, 14, Statement with { Portal = null }),
        ["copy of StatementStarted"] = (Statement, 17, Statement with { Copy = null }),
        ["plpgsql of StatementStarted"] = (Statement, 18, Statement with { Plpgsql = null }),
        ["trigger of FunctionEntered"] = (SampleFrames.TriggerCall(8), 11, SampleFrames.TriggerCall(8) with { Trigger = null }),
        ["event_trigger of FunctionEntered"] =
            (SampleFrames.EventTriggerCall(8), 12, SampleFrames.EventTriggerCall(8) with { EventTrigger = null }),
        ["via of FunctionEntered"] = (OperatorCall, 14, OperatorCall with { Via = null }),
        ["inlined of FunctionEntered"] = (SampleFrames.InlinedCall(16), 15, SampleFrames.InlinedCall(16) with { Inlined = null }),
    };

    public static TheoryData<string> NilFieldNames => [.. NilFields.Keys];

    private static StatementStarted Statement => SampleFrames.OneOf<StatementStarted>();

    private static FunctionEntered OperatorCall => SampleFrames.OneOf<FunctionEntered>();

    [Theory]
    [MemberData(nameof(NilFieldNames))]
    public void Reads_a_nil_optional_field_as_null(string name)
    {
        var (frame, element, expected) = NilFields[name];

        var decoded = Decode(FieldPath.Replace(FrameEncoder.Fields(frame), [element], null));

        decoded.ShouldMatch(expected);
    }

    [Fact]
    public void Reads_every_optional_field_of_a_statement_as_null_when_all_are_nil()
    {
        var fields = FrameEncoder.Fields(Statement);
        fields[13] = fields[14] = fields[17] = fields[18] = null;

        var decoded = Decode(fields).ShouldBeOfType<StatementStarted>();

        (decoded.Prepared, decoded.Portal, decoded.Copy, decoded.Plpgsql).ShouldBe((null, null, null, null));
        decoded.Targets.ShouldBe([16601u, 16602u]);
    }

    [Fact]
    public void Tells_no_stored_code_from_empty_stored_code()
    {
        var none = SampleFrames.Variants().OfType<RelationDescribed>().Single(r => r.Code is null);
        var empty = SampleFrames.Variants().OfType<RelationDescribed>().Single(r => r.Code is not null);

        Decode(FrameEncoder.Encode(none)).ShouldBeOfType<RelationDescribed>().Code.ShouldBeNull();
        var code = Decode(FrameEncoder.Encode(empty)).ShouldBeOfType<RelationDescribed>().Code.ShouldNotBeNull();
        code.Defaults.ShouldBeEmpty();
        code.Domains.ShouldBeEmpty();
    }

    public static TheoryData<string, int, string> RequiredAppendedFields =>
    [
        ("SessionStarted", 19, "Element 19 (leader_pid) of the SessionStarted frame is nil where an integer is expected."),
        ("SessionStarted", 21, "Element 21 (hook_mode) of the SessionStarted frame is nil where a string is expected."),
        ("RoleDescribed", 14, "Element 14 (member_of) of the RoleDescribed frame is nil where an array is expected."),
        ("RoleDescribed", 15, "Element 15 (create_role) of the RoleDescribed frame is nil where a boolean is expected."),
        ("FunctionDescribed", 18, "Element 18 (config) of the FunctionDescribed frame is nil where an array is expected."),
        ("FunctionDescribed", 19, "Element 19 (role) of the FunctionDescribed frame is nil where a string is expected."),
        ("FunctionDescribed", 20, "Element 20 (extension) of the FunctionDescribed frame is nil where a string is expected."),
        ("RelationDescribed", 15, "Element 15 (row_security) of the RelationDescribed frame is nil where a boolean is expected."),
        ("RelationDescribed", 18, "Element 18 (extension) of the RelationDescribed frame is nil where a string is expected."),
        ("OperatorDescribed", 15,
            "Element 15 (in_operator_family) of the OperatorDescribed frame is nil where a boolean is expected."),
        ("OperatorDescribed", 16, "Element 16 (extension) of the OperatorDescribed frame is nil where a string is expected."),
        ("QueryAnalyzed", 11, "Element 11 (relations) of the QueryAnalyzed frame is nil where an array is expected."),
        ("QueryAnalyzed", 13, "Element 13 (domains) of the QueryAnalyzed frame is nil where an array is expected."),
        ("QueryAnalyzed", 14, "Element 14 (text) of the QueryAnalyzed frame is nil where a string is expected."),
        ("StatementStarted", 15, "Element 15 (origin) of the StatementStarted frame is nil where a string is expected."),
        ("StatementStarted", 16, "Element 16 (targets) of the StatementStarted frame is nil where an array is expected."),
        ("FunctionEntered", 13, "Element 13 (phase) of the FunctionEntered frame is nil where a string is expected."),
        ("TypeDescribed", 16, "Element 16 (checks) of the TypeDescribed frame is nil where an array is expected."),
        ("TypeDescribed", 17, "Element 17 (receive_function) of the TypeDescribed frame is nil where an integer is expected."),
        ("TypeDescribed", 18, "Element 18 (send_function) of the TypeDescribed frame is nil where an integer is expected."),
        ("TypeDescribed", 19, "Element 19 (extension) of the TypeDescribed frame is nil where a string is expected."),
        ("PlanFinished", 11, "Element 11 (row_security) of the PlanFinished frame is nil where an array is expected."),
        ("RoleSwitched", 11, "Element 11 (local) of the RoleSwitched frame is nil where a boolean is expected."),
    ];

    [Theory]
    [MemberData(nameof(RequiredAppendedFields))]
    public void Rejects_nil_in_a_field_that_is_not_optional(string type, int element, string message)
    {
        var frame = SampleFrames.OneOfEach().Single(f => f.GetType().Name == type);

        Rejection(FieldPath.Replace(FrameEncoder.Fields(frame), [element], null)).ShouldBe(message);
    }

    [Fact]
    public void Rejects_nil_for_the_triggers_of_an_event_trigger() =>
        Rejection(FieldPath.Replace(FrameEncoder.Fields(SampleFrames.EventTriggerCall(8)), [12, 2], null)).ShouldBe(
            "Element 2 (triggers) of the event trigger of the FunctionEntered frame is nil where an array is expected.");
}
