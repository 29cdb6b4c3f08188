using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>A wrong type or value in a position version 2 defines makes the frame corrupt, with a message that names
/// the element and every array around it.</summary>
public sealed class MalformedVersion2FrameTests
{
    private static readonly Dictionary<string, (IRecordedFrame Frame, int[] Path, object? Value, string Message)> WrongValues = new()
    {
        ["leader_pid"] = (SampleFrames.SessionStarted(), [19], -1,
            "Element 19 (leader_pid) of the SessionStarted frame is -1, out of range for unsigned int32."),
        ["membership"] = (SampleFrames.RoleDescribed(2), [14, 0], 16390u,
            "Membership 0 of the RoleDescribed frame is an integer where an array is expected."),
        ["admin_option"] = (SampleFrames.RoleDescribed(2), [14, 1, 1], 1,
            "Element 1 (admin_option) of membership 1 of the RoleDescribed frame is an integer where a boolean is expected."),
        ["create_role"] = (SampleFrames.RoleDescribed(2), [15], "yes",
            "Element 15 (create_role) of the RoleDescribed frame is a string where a boolean is expected."),
        ["config setting"] = (SampleFrames.OneOf<FunctionDescribed>(), [18, 1], 5,
            "Element 1 (setting) of the config of the FunctionDescribed frame is an integer where a string is expected."),
        ["function extension"] = (SampleFrames.OneOf<FunctionDescribed>(), [20], 16384u,
            "Element 20 (extension) of the FunctionDescribed frame is an integer where a string is expected."),
        ["relation extension"] = (SampleFrames.Table(4), [18], false,
            "Element 18 (extension) of the RelationDescribed frame is a boolean where a string is expected."),
        ["code"] = (SampleFrames.Table(4), [17], "code",
            "Element 17 (code) of the RelationDescribed frame is a string where an array is expected."),
        ["defaults"] = (SampleFrames.Table(4), [17, 0], true,
            "Element 0 (defaults) of the code of the RelationDescribed frame is a boolean where an array is expected."),
        ["default attnum"] = (SampleFrames.Table(4), [17, 0, 1, 0], "2",
            "Element 0 (attnum) of default 1 of the code of the RelationDescribed frame is a string where an integer is expected."),
        ["check name"] = (SampleFrames.Table(4), [17, 1, 0, 1], 5,
            "Element 1 (name) of check 0 of the code of the RelationDescribed frame is an integer where a string is expected."),
        ["index predicate function"] = (SampleFrames.Table(4), [17, 2, 1, 3, 0], -1,
            "Element 0 (function_oid) of the predicate_functions of index 1 of the code of the RelationDescribed frame is -1, "
            + "out of range for uint32."),
        ["rule event"] = (SampleFrames.Table(4), [17, 3, 0, 2], null,
            "Element 2 (event) of rule 0 of the code of the RelationDescribed frame is nil where a string is expected."),
        ["policy permissive"] = (SampleFrames.Table(4), [17, 4, 1, 3], "no",
            "Element 3 (permissive) of policy 1 of the code of the RelationDescribed frame is a string where a boolean is expected."),
        ["policy role"] = (SampleFrames.Table(4), [17, 4, 0, 4, 0], "PUBLIC",
            "Element 0 (role_oid) of the roles of policy 0 of the code of the RelationDescribed frame is a string where an integer "
            + "is expected."),
        ["domain column"] = (SampleFrames.Table(4), [17, 5, 0], 4,
            "Domain column 0 of the code of the RelationDescribed frame is an integer where an array is expected."),
        ["operator function"] = (SampleFrames.OneOf<OperatorDescribed>(), [14], 1L << 32,
            "Element 14 (function_oid) of the OperatorDescribed frame is 4294967296, out of range for uint32."),
        ["in_operator_family"] = (SampleFrames.OneOf<OperatorDescribed>(), [15], "btree",
            "Element 15 (in_operator_family) of the OperatorDescribed frame is a string where a boolean is expected."),
        ["operator extension"] = (SampleFrames.OneOf<OperatorDescribed>(), [16], new object?[] { "citext" },
            "Element 16 (extension) of the OperatorDescribed frame is an array where a string is expected."),
        ["receive_function"] = (SampleFrames.Domain(6), [17], "domain_recv",
            "Element 17 (receive_function) of the TypeDescribed frame is a string where an integer is expected."),
        ["send_function"] = (SampleFrames.Domain(6), [18], -1,
            "Element 18 (send_function) of the TypeDescribed frame is -1, out of range for uint32."),
        ["type extension"] = (SampleFrames.Domain(6), [19], true,
            "Element 19 (extension) of the TypeDescribed frame is a boolean where a string is expected."),
        ["type check functions"] = (SampleFrames.Domain(6), [16, 0, 2], "f",
            "Element 2 (functions) of check 0 of the TypeDescribed frame is a string where an array is expected."),
        ["relation target"] = (SampleFrames.QueryAnalyzed(7), [11, 1, 1], 1,
            "Element 1 (target) of relation 1 of the QueryAnalyzed frame is an integer where a boolean is expected."),
        ["aggregate function"] = (SampleFrames.QueryAnalyzed(7), [12, 0, 1, 1], "x",
            "Element 1 (function_oid) of the functions of aggregate 0 of the QueryAnalyzed frame is a string where an integer "
            + "is expected."),
        ["domain"] = (SampleFrames.QueryAnalyzed(7), [13, 0], -3,
            "Element 0 (type_oid) of the domains of the QueryAnalyzed frame is -3, out of range for uint32."),
        ["prepared"] = (SampleFrames.OneOf<StatementStarted>(), [13], "s",
            "Element 13 (prepared) of the StatementStarted frame is a string where an array is expected."),
        ["prepare_seq"] = (SampleFrames.OneOf<StatementStarted>(), [13, 1], -1,
            "Element 1 (prepare_seq) of the prepared statement of the StatementStarted frame is -1, out of range for unsigned int64."),
        ["cached_plan"] = (SampleFrames.OneOf<StatementStarted>(), [14, 1], "yes",
            "Element 1 (cached_plan) of the portal of the StatementStarted frame is a string where a boolean is expected."),
        ["target relation"] = (SampleFrames.OneOf<StatementStarted>(), [16, 1], true,
            "Element 1 (relation_oid) of the targets of the StatementStarted frame is a boolean where an integer is expected."),
        ["copy target"] = (SampleFrames.OneOf<StatementStarted>(), [17, 2], null,
            "Element 2 (target) of the copy of the StatementStarted frame is nil where a string is expected."),
        ["cursor_options"] = (SampleFrames.OneOf<PlanStarted>(), [9], -1,
            "Element 9 (cursor_options) of the PlanStarted frame is -1, out of range for unsigned int32."),
        ["bound_params"] = (SampleFrames.OneOf<PlanStarted>(), [10], 1,
            "Element 10 (bound_params) of the PlanStarted frame is an integer where a boolean is expected."),
        ["row security policy"] = (SampleFrames.OneOf<PlanFinished>(), [11, 0, 1, 0], "p",
            "Element 0 (policy_oid) of the policy_oids of row security entry 0 of the PlanFinished frame is a string where an "
            + "integer is expected."),
        ["via oid"] = (SampleFrames.OneOf<FunctionEntered>(), [14, 1], "op",
            "Element 1 (oid) of the via of the FunctionEntered frame is a string where an integer is expected."),
        ["event trigger owner"] = (SampleFrames.EventTriggerCall(8), [12, 2, 1, 2], "x",
            "Element 2 (owner_oid) of trigger 1 of the event trigger of the FunctionEntered frame is a string where an integer "
            + "is expected."),
        ["role switch user"] = (SampleFrames.OneOf<RoleSwitched>(), [9], "alice",
            "Element 9 (session_user_oid) of the RoleSwitched frame is a string where an integer is expected."),
        ["sub_id"] = (SampleFrames.OneOf<ObjectChanged>(), [11], 1L << 31,
            "Element 11 (sub_id) of the ObjectChanged frame is 2147483648, out of range for int32."),
        ["activity"] = (SampleFrames.OneOf<MaintenanceStarted>(), [9], 1,
            "Element 9 (activity) of the MaintenanceStarted frame is an integer where a string is expected."),
        ["maintenance_seq"] = (SampleFrames.OneOf<MaintenanceFinished>(), [8], -1,
            "Element 8 (maintenance_seq) of the MaintenanceFinished frame is -1, out of range for unsigned int64."),
        ["parent_subxact_id"] = (SampleFrames.OneOf<SubtransactionStarted>(), [9], "1",
            "Element 9 (parent_subxact_id) of the SubtransactionStarted frame is a string where an integer is expected."),
        ["subtransaction status"] = (SampleFrames.OneOf<SubtransactionEnded>(), [9], -1,
            "Element 9 (status) of the SubtransactionEnded frame is -1, out of range for unsigned int32."),
    };

    public static TheoryData<string> WrongValueNames => [.. WrongValues.Keys];

    [Theory]
    [MemberData(nameof(WrongValueNames))]
    public void Rejects_a_wrong_value_naming_the_element(string name)
    {
        var (frame, path, value, message) = WrongValues[name];

        Rejection(FieldPath.Replace(FrameEncoder.Fields(frame), path, value)).ShouldBe(message);
    }

    private static readonly Dictionary<string, (IRecordedFrame Frame, int[] Path, int Length, string Message)> ShortArrays = new()
    {
        ["code"] = (SampleFrames.Table(4), [17], 5,
            "The code of the RelationDescribed frame has 5 elements: element 5 (domains) is missing."),
        ["policy"] = (SampleFrames.Table(4), [17, 4, 0], 6,
            "Policy 0 of the code of the RelationDescribed frame has 6 elements: element 6 (check_functions) is missing."),
        ["via"] = (SampleFrames.OneOf<FunctionEntered>(), [14], 2,
            "The via of the FunctionEntered frame has 2 elements: element 2 (oid2) is missing."),
        ["row security entry"] = (SampleFrames.OneOf<PlanFinished>(), [11, 0], 1,
            "Row security entry 0 of the PlanFinished frame has 1 element: element 1 (policy_oids) is missing."),
        ["event trigger reference"] = (SampleFrames.EventTriggerCall(8), [12, 2, 0], 2,
            "Trigger 0 of the event trigger of the FunctionEntered frame has 2 elements: element 2 (owner_oid) is missing."),
        ["TypeDescribed"] = (SampleFrames.Domain(6), [], 16,
            "The TypeDescribed frame has 16 elements: element 16 (checks) is missing."),
        ["ObjectChanged"] = (SampleFrames.OneOf<ObjectChanged>(), [], 13,
            "The ObjectChanged frame has 13 elements: element 13 (identity) is missing."),
    };

    public static TheoryData<string> ShortArrayNames => [.. ShortArrays.Keys];

    [Theory]
    [MemberData(nameof(ShortArrayNames))]
    public void Rejects_an_array_new_in_version_2_that_lacks_elements(string name)
    {
        var (frame, path, length, message) = ShortArrays[name];

        Rejection(FieldPath.Truncate(FrameEncoder.Fields(frame), path, length)).ShouldBe(message);
    }
}
