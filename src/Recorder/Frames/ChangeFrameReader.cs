using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Reads the bodies of the change frames (ChangeEvents.cs): role switches, object changes, maintenance
/// roots, subtransactions and privilege changes, all new in version 2.</summary>
internal static class ChangeFrameReader
{
    public static RoleSwitched ReadRoleSwitched(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        Command: f.String(ref r, "command"),
        SessionUserOid: f.UInt32(ref r, "session_user_oid"),
        OuterUserOid: f.UInt32(ref r, "outer_user_oid"),
        Local: f.Boolean(ref r, "local"));

    public static ObjectChanged ReadObjectChanged(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        Access: f.String(ref r, "access"),
        ClassId: f.UInt32(ref r, "class_id"),
        ObjectOid: f.UInt32(ref r, "object_oid"),
        SubId: f.Int32(ref r, "sub_id"),
        Type: f.String(ref r, "type"),
        Identity: f.String(ref r, "identity"),
        NamespaceOid: f.Absent ? 0 : f.UInt32(ref r, "namespace_oid"));

    public static MaintenanceStarted ReadMaintenanceStarted(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) =>
        new(h,
            Kind: f.String(ref r, "kind"),
            Activity: f.String(ref r, "activity"),
            RelationOid: f.Absent ? 0 : f.UInt32(ref r, "relation_oid"));

    public static MaintenanceFinished ReadMaintenanceFinished(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) =>
        new(h, MaintenanceSeq: f.UIntAsInt64(ref r, "maintenance_seq"));

    public static SubtransactionStarted ReadSubtransactionStarted(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        SubtransactionId: f.UIntAsInt64(ref r, "subxact_id"),
        ParentSubtransactionId: f.UIntAsInt64(ref r, "parent_subxact_id"));

    public static SubtransactionEnded ReadSubtransactionEnded(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        SubtransactionId: f.UIntAsInt64(ref r, "subxact_id"),
        Outcome: (TransactionOutcome)f.UIntAsInt32(ref r, "status"));

    public static PrivilegesChanged ReadPrivilegesChanged(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        IsGrant: f.Boolean(ref r, "is_grant"),
        ObjectType: f.String(ref r, "object_type"),
        Objects: f.StringList(ref r, "objects", "object"),
        Privileges: f.StringList(ref r, "privileges", "privilege"),
        Grantees: f.StringList(ref r, "grantees", "grantee"),
        GrantOption: f.Boolean(ref r, "grant_option"));

    public static PolicyEnforced ReadPolicyEnforced(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        OperationSeq: f.UIntAsInt64(ref r, "operation_seq"),
        Policy: f.String(ref r, "policy"),
        Mode: f.String(ref r, "mode"),
        Decision: f.UIntAsInt32(ref r, "decision"),
        Level: f.String(ref r, "level"),
        Culprit: f.Int32(ref r, "culprit"),
        Rule: f.String(ref r, "rule"),
        Message: f.String(ref r, "message"),
        Detail: f.String(ref r, "detail"),
        Hint: f.String(ref r, "hint"));

    public static EnforcementInForce ReadEnforcementInForce(FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => new(
        h,
        Policy: f.String(ref r, "policy"),
        PolicyFile: f.String(ref r, "policy_file"),
        Checksum: f.String(ref r, "checksum"),
        Mode: f.String(ref r, "mode"));
}
