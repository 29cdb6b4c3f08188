using System.Buffers;
using MessagePack;
using TraceLab.Events;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Encodes typed events back into probe frames, field by field as FORMAT.md lists them.</summary>
/// <remarks>
/// <para>Fields are plain values (<see cref="Encode(object?[])"/> writes null as nil, arrays as arrays) so that a
/// test can change the type of one element, drop trailing ones or append unknown ones (see <see cref="FieldPath"/>).</para>
/// <para><see cref="Fields"/> writes version 2, the probe's current format: a list the record leaves null (as a
/// version-1 frame decodes) is written empty, since version 2 always writes it. <see cref="Version1Fields"/> writes
/// what a version-1 probe wrote, <see cref="Probe02Fields"/> what probe 0.2 wrote (version 2 without the descriptor
/// fields probe 0.3 appends and without probe 0.4's <c>inlined</c>), <see cref="Probe03Fields"/> what probe 0.3 wrote (without probe 0.4's
/// <c>inlined</c>); neither has probe 0.5's <c>transaction_ended</c>.</para>
/// </remarks>
internal static class FrameEncoder
{
    public static byte[] Encode(IRecordedFrame frame) => Encode(Fields(frame));

    public static byte[] EncodeVersion1(IRecordedFrame frame) => Encode(Version1Fields(frame));

    public static byte[] EncodeProbe02(IRecordedFrame frame) => Encode(Probe02Fields(frame));

    public static byte[] Encode(params object?[] fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        WriteValue(ref writer, fields);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Every element of the version-2 frame for <paramref name="frame"/>, in order.</summary>
    public static object?[] Fields(IRecordedFrame frame)
    {
        var h = frame.Frame;
        object?[] Prefix(uint type) =>
            [type, (ulong)h.Seq, (ulong)h.Parent, (uint)h.Depth, h.TimestampUs, h.CurrentUser, h.OuterUser, (uint)h.SecurityContext];

        return frame switch
        {
            SessionStarted s =>
            [
                .. Prefix(1), (uint)s.FormatVersion, s.ProbeVersion, (uint)s.ServerVersionNum, s.SystemIdentifier, (uint)s.Pid,
                s.BackendStartUs, s.DatabaseOid, s.Database, s.SessionUserOid, s.ApplicationName, s.BackendType,
                (uint)s.LeaderPid, s.WorkerType, s.HookMode,
            ],
            SessionEnded => Prefix(2),
            RoleDescribed r =>
            [
                .. Prefix(3), r.RoleOid, r.Name, r.Superuser, r.CanLogin, r.Inherit, r.BypassRowSecurity,
                List(r.MemberOf, m => new object?[] { m.RoleOid, m.AdminOption }), r.CreateRole,
            ],
            FunctionDescribed f =>
            [
                .. Prefix(4), f.FunctionOid, f.Schema, f.Name, f.Arguments, f.OwnerOid, f.SecurityDefiner, f.Language, f.Kind,
                f.Volatility, f.ReturnType, List(f.Config, c => c), f.Role, f.Extension,
            ],
            RelationDescribed r =>
            [
                .. Prefix(5), r.RelationOid, r.Schema, r.Name, r.RelKind, r.OwnerOid, r.SecurityInvoker, r.SecurityBarrier,
                r.RowSecurity, r.ForceRowSecurity, r.Code is { } code ? StoredCodeFields.Code(code) : null, r.Extension,
            ],
            OperatorDescribed o =>
            [
                .. Prefix(6), o.OperatorOid, o.Schema, o.Name, o.LeftType, o.RightType, o.OwnerOid, o.FunctionOid,
                o.InOperatorFamily, o.Extension,
            ],
            TypeDescribed t =>
            [
                .. Prefix(7), t.TypeOid, t.Schema, t.Name, t.TypType, t.OwnerOid, t.BaseType, t.InputFunction, t.OutputFunction,
                List(t.Checks, StoredCodeFields.Check), t.ReceiveFunction, t.SendFunction, t.Extension,
            ],
            QueryAnalyzed q =>
            [
                .. Prefix(10), q.QueryId, q.CommandTag,
                List(q.Views, v => new object?[] { v.ViewOid, v.ParentIndex, Oids(v.FunctionOids) }),
                List(q.Relations, x => new object?[] { x.RelationOid, x.Target }),
                List(q.Aggregates, a => new object?[] { a.AggregateOid, Oids(a.FunctionOids) }),
                Oids(q.Domains), q.Text,
            ],
            StatementStarted s =>
            [
                .. Prefix(11), s.QueryId, s.CommandTag, (uint)s.Kind, (uint)s.Context, s.Text,
                s.Prepared is { } p ? new object?[] { p.Name, (ulong)p.PrepareSeq } : null,
                s.Portal is { } portal ? new object?[] { portal.Name, portal.CachedPlan } : null,
                s.Origin, Oids(s.Targets),
                s.Copy is { } c ? new object?[] { c.IsFrom, c.IsProgram, c.Target } : null,
                s.Plpgsql is { } plpgsql ? new object?[] { (uint)plpgsql.Line, plpgsql.Statement } : null,
            ],
            StatementFinished s => [.. Prefix(12), (ulong)s.StatementSeq, (uint)s.Outcome, s.SqlState, (ulong)s.Rows,
                s.EndsTransaction is { } ends ? (uint)ends : null],
            PlanStarted p => [.. Prefix(13), p.QueryId, (uint)p.CursorOptions, p.BoundParams, p.Text],
            PlanFinished p =>
            [
                .. Prefix(14), (ulong)p.PlanSeq, (uint)p.Outcome, p.SqlState,
                List(p.RowSecurity, x => new object?[] { x.RelationOid, Oids(x.PolicyOids) }),
            ],
            FunctionEntered f =>
            [
                .. Prefix(20), f.FunctionOid, f.ReachedBy, f.Location,
                f.Trigger is { } t ? new object?[] { t.TriggerOid, t.Name, t.RelationOid, t.Timing, t.Level, t.Event } : null,
                f.EventTrigger is { } e
                    ? new object?[] { e.Event, e.Tag, List(e.Triggers, x => new object?[] { x.EventTriggerOid, x.Name, x.OwnerOid }) }
                    : null,
                f.Phase,
                f.Via is { } via ? new object?[] { via.Kind, via.Oid, via.Oid2 } : null,
                f.Inlined is { } inlined ? Oids(inlined) : null,
            ],
            FunctionExited f => [.. Prefix(21), (ulong)f.EnteredSeq, (uint)f.Outcome, f.SqlState],
            RoleSwitched s => [.. Prefix(22), s.Command, s.SessionUserOid, s.OuterUserOid, s.Local],
            ObjectChanged o => [.. Prefix(23), o.Access, o.ClassId, o.ObjectOid, o.SubId, o.Type, o.Identity, o.NamespaceOid],
            MaintenanceStarted m => [.. Prefix(24), m.Kind, m.Activity, m.RelationOid],
            MaintenanceFinished m => [.. Prefix(25), (ulong)m.MaintenanceSeq],
            PrivilegesChanged p => [.. Prefix(26), p.IsGrant, p.ObjectType, p.Objects.ToArray(), p.Privileges.ToArray(),
                p.Grantees.ToArray(), p.GrantOption],
            PolicyEnforced e => [.. Prefix(27), (ulong)e.OperationSeq, e.Policy, e.Mode, (uint)e.Decision, e.Level, e.Culprit,
                e.Rule, e.Message, e.Detail, e.Hint],
            EnforcementInForce e => [.. Prefix(28), e.Policy, e.PolicyFile, e.Checksum, e.Mode],
            TransactionEnded t => [.. Prefix(30), (uint)t.Outcome],
            SubtransactionStarted s => [.. Prefix(31), (ulong)s.SubtransactionId, (ulong)s.ParentSubtransactionId],
            SubtransactionEnded s => [.. Prefix(32), (ulong)s.SubtransactionId, (uint)s.Outcome],
            FramesDropped d => [.. Prefix(90), (ulong)d.Count, d.Reason],
            _ => throw new ArgumentException($"No encoding for {frame.GetType().Name}.", nameof(frame)),
        };
    }

    /// <summary>Every element of the frame a version-1 probe wrote for <paramref name="frame"/>: the version-2 fields
    /// without what version 2 appends.</summary>
    public static object?[] Version1Fields(IRecordedFrame frame)
    {
        var fields = Fields(frame);
        return frame switch
        {
            SessionStarted => fields[..19],
            RoleDescribed => fields[..14],
            FunctionDescribed => fields[..18],
            RelationDescribed => fields[..15],
            QueryAnalyzed => fields[..11],
            StatementStarted => fields[..13],
            FunctionEntered => [.. fields[..12], fields[12] is object?[] eventTrigger ? eventTrigger[..2] : null],
            StatementFinished => fields[..12],
            SessionEnded or FunctionExited or TransactionEnded or FramesDropped => fields,
            _ => throw new ArgumentException($"{frame.GetType().Name} is new in version 2.", nameof(frame)),
        };
    }

    /// <summary>Every element of the frame probe 0.2 wrote for <paramref name="frame"/>: version 2 without the
    /// descriptor fields probe 0.3 appends (FORMAT.md, "Appended fields", marked 0.3) and without what probe 0.4
    /// appends.</summary>
    public static object?[] Probe02Fields(IRecordedFrame frame)
    {
        var fields = Fields(frame);
        return frame switch
        {
            FunctionDescribed => fields[..20],
            RelationDescribed => fields[..18],
            OperatorDescribed => fields[..15],
            TypeDescribed => fields[..17],
            FunctionEntered => fields[..15],
            StatementFinished => fields[..12],
            _ => fields,
        };
    }

    /// <summary>Every element of the frame probe 0.3 wrote for <paramref name="frame"/>: without the <c>inlined</c> field
    /// probe 0.4 appends to FunctionEntered (FORMAT.md, "Inlined calls").</summary>
    public static object?[] Probe03Fields(IRecordedFrame frame)
    {
        var fields = Fields(frame);
        return frame switch
        {
            FunctionEntered => fields[..15],
            StatementFinished => fields[..12],
            _ => fields,
        };
    }

    public static object?[] List<T>(IEnumerable<T>? items, Func<T, object?> element) =>
        items is null ? [] : [.. items.Select(element)];

    public static object?[] Oids(IEnumerable<uint>? oids) => List(oids, o => o);

    private static void WriteValue(ref MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case bool b:
                writer.Write(b);
                break;
            case string s:
                writer.Write(s);
                break;
            case int i:
                writer.Write(i);
                break;
            case long l:
                writer.Write(l);
                break;
            case uint u:
                writer.Write(u);
                break;
            case ulong u:
                writer.Write(u);
                break;
            case double d:
                writer.Write(d);
                break;
            case byte[] bytes:
                writer.Write(bytes);
                break;
            case object?[] array:
                writer.WriteArrayHeader(array.Length);
                foreach (var item in array)
                {
                    WriteValue(ref writer, item);
                }

                break;
            default:
                throw new ArgumentException($"Cannot encode {value.GetType().Name}.", nameof(value));
        }
    }
}
