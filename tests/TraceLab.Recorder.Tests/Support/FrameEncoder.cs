using System.Buffers;
using MessagePack;
using TraceLab.Events;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>Encodes typed events back into probe frames, field by field as FORMAT.md lists them.</summary>
/// <remarks>Fields are plain values (<see cref="Encode(object?[])"/> writes null as nil, arrays as arrays) so that a
/// test can change the type of one element, drop trailing ones or append unknown ones.</remarks>
internal static class FrameEncoder
{
    public static byte[] Encode(IRecordedFrame frame) => Encode(Fields(frame));

    public static byte[] Encode(params object?[] fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        WriteValue(ref writer, fields);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Every element of the frame for <paramref name="frame"/>, in order.</summary>
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
            ],
            SessionEnded => Prefix(2),
            RoleDescribed r => [.. Prefix(3), r.RoleOid, r.Name, r.Superuser, r.CanLogin, r.Inherit, r.BypassRowSecurity],
            FunctionDescribed f =>
            [
                .. Prefix(4), f.FunctionOid, f.Schema, f.Name, f.Arguments, f.OwnerOid, f.SecurityDefiner, f.Language, f.Kind,
                f.Volatility, f.ReturnType,
            ],
            RelationDescribed r =>
            [
                .. Prefix(5), r.RelationOid, r.Schema, r.Name, r.RelKind, r.OwnerOid, r.SecurityInvoker, r.SecurityBarrier,
            ],
            QueryAnalyzed q =>
            [
                .. Prefix(10), q.QueryId, q.CommandTag,
                q.Views.Select(v => (object?)new object?[] { v.ViewOid, v.ParentIndex, v.FunctionOids.Select(o => (object?)o).ToArray() })
                    .ToArray(),
            ],
            StatementStarted s => [.. Prefix(11), s.QueryId, s.CommandTag, (uint)s.Kind, (uint)s.Context, s.Text],
            StatementFinished s => [.. Prefix(12), (ulong)s.StatementSeq, (uint)s.Outcome, s.SqlState, (ulong)s.Rows],
            FunctionEntered f =>
            [
                .. Prefix(20), f.FunctionOid, f.ReachedBy, f.Location,
                f.Trigger is { } t
                    ? new object?[] { t.TriggerOid, t.Name, t.RelationOid, t.Timing, t.Level, t.Event }
                    : null,
                f.EventTrigger is { } e ? new object?[] { e.Event, e.Tag } : null,
            ],
            FunctionExited f => [.. Prefix(21), (ulong)f.EnteredSeq, (uint)f.Outcome, f.SqlState],
            TransactionEnded t => [.. Prefix(30), (uint)t.Outcome],
            FramesDropped d => [.. Prefix(90), (ulong)d.Count, d.Reason],
            _ => throw new ArgumentException($"No encoding for {frame.GetType().Name}.", nameof(frame)),
        };
    }

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
