using MessagePack;
using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

public sealed class FrameDecoderTests
{
    private static readonly IReadOnlyList<IRecordedFrame> Samples = [.. SampleFrames.OneOfEach(), .. SampleFrames.Variants()];

    public static IEnumerable<TheoryDataRow<int>> SampleIndexes =>
        Samples.Select((f, i) => new TheoryDataRow<int>(i) { Label = $"{f.GetType().Name} {f.Frame.Seq}" });

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public void Decodes_every_frame_type_and_every_field_of_version_2(int index)
    {
        var frame = Samples[index];

        var decoded = Decode(FrameEncoder.Encode(frame));

        decoded.ShouldNotBeNull().ShouldMatch(frame);
    }

    [Fact]
    public void Covers_every_recorded_event_type() =>
        SampleFrames.OneOfEach().Select(f => f.GetType()).ShouldBe(RecordedEventTypes.All, ignoreOrder: true);

    [Fact]
    public void Decodes_the_wire_layout_of_format_md()
    {
        // [30, 7, 3, 1, 1000000, 10, 20, 2, 1]: TransactionEnded, aborted, written by hand.
        byte[] bytes = [0x99, 0x1e, 0x07, 0x03, 0x01, 0xce, 0x00, 0x0f, 0x42, 0x40, 0x0a, 0x14, 0x02, 0x01];

        var frame = Decode(bytes).ShouldBeOfType<TransactionEnded>();

        frame.ShouldBe(new TransactionEnded(
            new FrameHeader(7, 3, 1, 1_000_000, 10, 20, SecurityContext.RestrictedOperation), TransactionOutcome.Aborted));
    }

    [Fact]
    public void Accepts_any_integer_encoding_that_holds_the_value()
    {
        // seq as int64 (0xd3), parent as uint64 (0xcf), depth as int8 (0xd0): all valid for small positive values.
        byte[] bytes =
        [
            0x98, 0x02,
            0xd3, 0, 0, 0, 0, 0, 0, 0, 9,
            0xcf, 0, 0, 0, 0, 0, 0, 0, 0,
            0xd0, 0x00,
            0x00, 0x0a, 0x0a, 0x00,
        ];

        Decode(bytes).ShouldBe(new SessionEnded(new FrameHeader(9, 0, 0, 0, 10, 10, SecurityContext.None)));
    }

    [Fact]
    public void Keeps_negative_query_ids_and_locations()
    {
        var statement = new StatementStarted(SampleFrames.Header(5), long.MinValue, "SELECT", StatementKind.Planned,
            StatementContext.Query, "select f()");
        var fromView = new FunctionEntered(SampleFrames.Header(6), 16500, "call", -1, null, null);

        Decode(FrameEncoder.Encode(statement)).ShouldBeOfType<StatementStarted>().QueryId.ShouldBe(long.MinValue);
        Decode(FrameEncoder.Encode(fromView)).ShouldBeOfType<FunctionEntered>().Location.ShouldBe(-1);
        Decode(FrameEncoder.Encode(SampleFrames.TriggerCall(8))).ShouldBeOfType<FunctionEntered>().Location.ShouldBe(-2);
    }

    [Fact]
    public void Decodes_a_trigger_context()
    {
        var frame = SampleFrames.TriggerCall(8);

        var decoded = Decode(FrameEncoder.Encode(frame)).ShouldBeOfType<FunctionEntered>();

        decoded.Trigger.ShouldBe(new TriggerContext(16700, "audit_trg", 16601, "A", "R", "U"));
        decoded.EventTrigger.ShouldBeNull();
    }

    [Fact]
    public void Decodes_an_event_trigger_context()
    {
        var decoded = Decode(FrameEncoder.Encode(SampleFrames.EventTriggerCall(8))).ShouldBeOfType<FunctionEntered>();

        decoded.Trigger.ShouldBeNull();
        var context = decoded.EventTrigger.ShouldNotBeNull();
        (context.Event, context.Tag).ShouldBe(("ddl_command_end", "ALTER ROLE"));
        context.Triggers.ShouldBe(
            [new EventTriggerReference(17100, "et_audit", 16385), new EventTriggerReference(17101, "et_log", 10)]);
    }

    [Fact]
    public void Reads_nil_optional_fields_as_null()
    {
        var fields = FrameEncoder.Fields(SampleFrames.TriggerCall(8));
        fields[11] = null;

        var decoded = Decode(FrameEncoder.Encode(fields)).ShouldBeOfType<FunctionEntered>();

        decoded.Trigger.ShouldBeNull();
        decoded.EventTrigger.ShouldBeNull();
    }

    [Fact]
    public void Reads_absent_optional_fields_as_null()
    {
        var fields = FrameEncoder.Fields(SampleFrames.TriggerCall(8))[..11];

        var decoded = Decode(FrameEncoder.Encode(fields)).ShouldBeOfType<FunctionEntered>();

        decoded.Location.ShouldBe(-2);
        decoded.Trigger.ShouldBeNull();
        decoded.EventTrigger.ShouldBeNull();
    }

    [Fact]
    public void Ignores_trailing_elements_it_does_not_know()
    {
        var frame = SampleFrames.RoleDescribed(2);
        object?[] future = ["a new field", 7, new object?[] { 1, "x" }, null, true, 1.5];

        var decoded = Decode(FrameEncoder.Encode([.. FrameEncoder.Fields(frame), .. future]));

        decoded.ShouldNotBeNull().ShouldMatch(frame);
    }

    [Fact]
    public void Ignores_trailing_elements_of_nested_arrays()
    {
        var fields = FrameEncoder.Fields(SampleFrames.TriggerCall(8));
        fields[11] = new object?[] { 16700u, "audit_trg", 16601u, "A", "R", "U", "a future trigger field" };
        var query = FrameEncoder.Fields(SampleFrames.QueryAnalyzed(5));
        query[10] = new object?[] { new object?[] { 16600u, -1, new object?[] { 16500u }, "a future view field" } };

        Decode(FrameEncoder.Encode(fields)).ShouldBeOfType<FunctionEntered>().Trigger!.Event.ShouldBe("U");
        var view = Decode(FrameEncoder.Encode(query)).ShouldBeOfType<QueryAnalyzed>().Views.ShouldHaveSingleItem();
        view.ViewOid.ShouldBe(16600u);
        view.FunctionOids.ShouldBe([16500u]);
    }

    [Fact]
    public void Skips_a_frame_of_an_unrecognized_type_whole()
    {
        var unknown = FrameEncoder.Encode(77u, 5ul, 0ul, 0u, 1L, 10u, 10u, 0u, new object?[] { "nested", 1 }, "more");
        var known = FrameEncoder.Encode(SampleFrames.SessionStarted());
        var reader = new MessagePackReader(unknown.Concat(known).ToArray());

        FrameDecoder.Decode(ref reader).ShouldBeNull();
        FrameDecoder.Decode(ref reader).ShouldBeOfType<SessionStarted>();
        reader.End.ShouldBeTrue();
    }

    [Fact]
    public void Keeps_enumerated_values_it_does_not_know()
    {
        var fields = FrameEncoder.Fields(new TransactionEnded(SampleFrames.Header(3), TransactionOutcome.Committed));
        fields[8] = 7u;
        fields[7] = 8u;

        var decoded = Decode(FrameEncoder.Encode(fields)).ShouldBeOfType<TransactionEnded>();

        ((int)decoded.Outcome).ShouldBe(7);
        ((int)decoded.Frame.SecurityContext).ShouldBe(8);
    }

    [Fact]
    public void Rejects_a_string_where_an_integer_is_expected()
    {
        var fields = FrameEncoder.Fields(new SessionEnded(SampleFrames.Header(3)));
        fields[1] = "3";

        var e = Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(fields)));

        e.Problem.ShouldBe("Element 1 (seq) of the SessionEnded frame is a string where an integer is expected.");
    }

    [Fact]
    public void Rejects_nil_in_a_required_field()
    {
        var fields = FrameEncoder.Fields(SampleFrames.SessionStarted());
        fields[9] = null;

        var e = Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(fields)));

        e.Problem.ShouldBe("Element 9 (probe_version) of the SessionStarted frame is nil where a string is expected.");
    }

    [Fact]
    public void Rejects_an_integer_where_a_boolean_is_expected()
    {
        var fields = FrameEncoder.Fields(SampleFrames.RoleDescribed(2));
        fields[10] = 1;

        Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(fields)))
            .Problem.ShouldBe("Element 10 (superuser) of the RoleDescribed frame is an integer where a boolean is expected.");
    }

    [Fact]
    public void Rejects_a_negative_value_in_an_unsigned_field()
    {
        var fields = FrameEncoder.Fields(new SessionEnded(SampleFrames.Header(3)));
        fields[3] = -1;

        Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(fields)))
            .Problem.ShouldBe("Element 3 (depth) of the SessionEnded frame is -1, out of range for unsigned int32.");
    }

    [Fact]
    public void Rejects_a_seq_beyond_the_range_of_a_long()
    {
        var fields = FrameEncoder.Fields(new SessionEnded(SampleFrames.Header(3)));
        fields[1] = ulong.MaxValue;

        Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(fields)))
            .Problem.ShouldBe("Element 1 (seq) of the SessionEnded frame is 18446744073709551615, out of range for unsigned int64.");
    }

    [Fact]
    public void Rejects_an_oid_beyond_the_range_of_a_uint32()
    {
        var fields = FrameEncoder.Fields(SampleFrames.RoleDescribed(2));
        fields[8] = 1L << 32;

        Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(fields)))
            .Problem.ShouldBe("Element 8 (role_oid) of the RoleDescribed frame is 4294967296, out of range for uint32.");
    }

    [Fact]
    public void Rejects_a_frame_that_lacks_required_elements()
    {
        var fields = FrameEncoder.Fields(SampleFrames.RoleDescribed(2))[..11];

        Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(fields)))
            .Problem.ShouldBe("The RoleDescribed frame has 11 elements: element 11 (can_login) is missing.");
    }

    [Fact]
    public void Rejects_a_frame_that_is_not_an_array() =>
        Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode("frame")[1..]))
            .Problem.ShouldBe("The frame is a string where an array is expected.");

    [Fact]
    public void Rejects_a_view_entry_that_is_not_an_array()
    {
        var query = FrameEncoder.Fields(SampleFrames.QueryAnalyzed(5));
        query[10] = new object?[] { 16600u };

        Should.Throw<FrameFormatException>(() => Decode(FrameEncoder.Encode(query)))
            .Problem.ShouldBe("View 0 of the QueryAnalyzed frame is an integer where an array is expected.");
    }
}
