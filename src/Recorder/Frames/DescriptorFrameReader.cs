using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads the bodies of the descriptor frames (DescriptorEvents.cs): the catalog facts of roles, functions,
/// relations, operators and types.</summary>
/// <remarks>Fields appended after a frame type first appeared (in format version 2, or by probe 0.3 within it) may be
/// absent: a frame an older probe wrote decodes with the record's defaults for them.</remarks>
internal static class DescriptorFrameReader
{
    public static RoleDescribed ReadRoleDescribed(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        RoleOid: f.UInt32(ref r, "role_oid"),
        Name: f.String(ref r, "name"),
        Superuser: f.Boolean(ref r, "superuser"),
        CanLogin: f.Boolean(ref r, "can_login"),
        Inherit: f.Boolean(ref r, "inherit"),
        BypassRowSecurity: f.Boolean(ref r, "bypass_rls"),
        MemberOf: f.Absent ? null : f.Entries(ref r, "member_of", "membership", ReadMembership),
        CreateRole: !f.Absent && f.Boolean(ref r, "create_role"));

    public static FunctionDescribed ReadFunctionDescribed(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        FunctionOid: f.UInt32(ref r, "function_oid"),
        Schema: f.String(ref r, "schema"),
        Name: f.String(ref r, "name"),
        Arguments: f.String(ref r, "arguments"),
        OwnerOid: f.UInt32(ref r, "owner_oid"),
        SecurityDefiner: f.Boolean(ref r, "security_definer"),
        Language: f.String(ref r, "language"),
        Kind: f.String(ref r, "kind"),
        Volatility: f.String(ref r, "volatility"),
        ReturnType: f.String(ref r, "return_type"),
        Config: f.Absent ? null : f.StringList(ref r, "config", "setting"),
        Role: f.Absent ? "" : f.String(ref r, "role"),
        Extension: f.Absent ? "" : f.String(ref r, "extension"));

    public static RelationDescribed ReadRelationDescribed(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        RelationOid: f.UInt32(ref r, "relation_oid"),
        Schema: f.String(ref r, "schema"),
        Name: f.String(ref r, "name"),
        RelKind: f.String(ref r, "relkind"),
        OwnerOid: f.UInt32(ref r, "owner_oid"),
        SecurityInvoker: f.Boolean(ref r, "security_invoker"),
        SecurityBarrier: f.Boolean(ref r, "security_barrier"),
        RowSecurity: !f.Absent && f.Boolean(ref r, "row_security"),
        ForceRowSecurity: !f.Absent && f.Boolean(ref r, "force_row_security"),
        Code: f.Optional(ref r, "code", "the code", StoredCodeReader.ReadRelationCode),
        Extension: f.Absent ? "" : f.String(ref r, "extension"));

    public static OperatorDescribed ReadOperatorDescribed(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        OperatorOid: f.UInt32(ref r, "operator_oid"),
        Schema: f.String(ref r, "schema"),
        Name: f.String(ref r, "name"),
        LeftType: f.String(ref r, "left_type"),
        RightType: f.String(ref r, "right_type"),
        OwnerOid: f.UInt32(ref r, "owner_oid"),
        FunctionOid: f.UInt32(ref r, "function_oid"),
        InOperatorFamily: !f.Absent && f.Boolean(ref r, "in_operator_family"),
        Extension: f.Absent ? "" : f.String(ref r, "extension"));

    public static TypeDescribed ReadTypeDescribed(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        TypeOid: f.UInt32(ref r, "type_oid"),
        Schema: f.String(ref r, "schema"),
        Name: f.String(ref r, "name"),
        TypType: f.String(ref r, "typtype"),
        OwnerOid: f.UInt32(ref r, "owner_oid"),
        BaseType: f.UInt32(ref r, "base_type"),
        InputFunction: f.UInt32(ref r, "input_function"),
        OutputFunction: f.UInt32(ref r, "output_function"),
        Checks: f.Entries(ref r, "checks", "check", StoredCodeReader.ReadCheck),
        ReceiveFunction: f.Absent ? 0 : f.UInt32(ref r, "receive_function"),
        SendFunction: f.Absent ? 0 : f.UInt32(ref r, "send_function"),
        Extension: f.Absent ? "" : f.String(ref r, "extension"));

    private static RoleMembership ReadMembership(ref MessagePackSpanReader r, FrameFields e) =>
        new(e.UInt32(ref r, "role_oid"), e.Boolean(ref r, "admin_option"));
}
