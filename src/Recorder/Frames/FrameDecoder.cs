using System.Buffers;
using System.Runtime.CompilerServices;
using MessagePack;
using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Decodes one probe frame (a MessagePack array, FORMAT.md "Frames") into its typed event.</summary>
/// <remarks>
/// <para>Strict about what the format defines, tolerant of what it lets grow: a frame of an unrecognized type is
/// skipped whole, elements after the known ones are skipped (in nested arrays too), and optional fields may be nil
/// or absent. Enumerated values (status, kind, context, flags) are kept as recorded even when they are outside
/// today's enum members, so nothing the probe said is lost. Any other deviation throws
/// <see cref="FrameFormatException"/>.</para>
/// <para>Frames are decoded alone, without the session's <c>format_version</c>: the fields version 2 appends may be
/// absent (a version-1 probe did not write them) and then take the defaults of the event records, but when present
/// they must have their types. A <c>format_version</c> above 2 is kept as recorded, not refused: incompatible changes
/// bump the file header's container version, which <c>SpoolFileReader</c> checks.</para>
/// <para>One reader per event family does the work: <see cref="SessionFrameReader"/>, <see cref="DescriptorFrameReader"/>
/// (with <see cref="StoredCodeReader"/>), <see cref="StatementFrameReader"/>, <see cref="FunctionFrameReader"/> and
/// <see cref="ChangeFrameReader"/>.</para>
/// </remarks>
internal static class FrameDecoder
{
    /// <summary>Adds a decoded frame to a stream of frames, followed by the TransactionEnded it stands for when it is a
    /// StatementFinished that ended its transaction (probe 0.5, FORMAT.md "Repeats left out"): every reader sees one
    /// shape of stream, and the implied frame has the seq the probe kept for it.</summary>
    public static void Add(List<IRecordedFrame> frames, IRecordedFrame frame)
    {
        frames.Add(frame);
        if (frame is StatementFinished { ImpliedTransactionEnd: { } end })
        {
            frames.Add(end);
        }
    }

    /// <summary>As <see cref="Decode(ref MessagePackSpanReader)"/>, for a caller that reads with MessagePack's own
    /// reader: the frame is decoded from the bytes left, and the reader moved past it.</summary>
    public static IRecordedFrame? Decode(ref MessagePackReader r)
    {
        var rest = r.Sequence.Slice(r.Position);
        var reader = new MessagePackSpanReader(rest.IsSingleSegment ? rest.FirstSpan : BuffersExtensions.ToArray(rest));
        var frame = Decode(ref reader);
        r.ReadRaw(reader.Consumed);
        return frame;
    }

    /// <summary>Reads one frame; returns <see langword="null"/> for a frame of an unrecognized type (consumed).</summary>
    /// <exception cref="FrameFormatException">The frame does not follow the format.</exception>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IRecordedFrame? Decode(ref MessagePackSpanReader r)
    {
        var frame = FrameFields.Open(ref r, "the frame", ref frameFields);
        var code = frame.UInt32(ref r, "type");
        if (code >= Names.Length || Names[code] is null)
        {
            frame.SkipRest(ref r);
            return null;
        }

        var type = (FrameType)code;
        frame.Rename(Names[code]);
        var header = ReadHeader(ref r, frame);
        var result = ReadBody(type, header, ref r, frame);
        frame.SkipRest(ref r);
        return result;
    }

    /// <summary>The reader of the fields of the frame being decoded on this thread, reused from frame to frame.</summary>
    [ThreadStatic]
    private static FrameFields? frameFields;

    /// <summary>Each known frame type's name in errors (<c>the StatementStarted frame</c>), made once rather than per frame.</summary>
    private static readonly string[] Names = MakeNames();

    private static string[] MakeNames()
    {
        var names = new string[Enum.GetValues<FrameType>().Max(t => (int)t) + 1];
        foreach (var type in Enum.GetValues<FrameType>())
        {
            names[(int)type] = $"the {type} frame";
        }

        return names;
    }

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FrameHeader ReadHeader(ref MessagePackSpanReader r, FrameFields f) => new(
        Seq: f.UIntAsInt64(ref r, "seq"),
        Parent: f.UIntAsInt64(ref r, "parent"),
        Depth: f.UIntAsInt32(ref r, "depth"),
        TimestampUs: f.Int64(ref r, "ts"),
        CurrentUser: f.UInt32(ref r, "current_user"),
        OuterUser: f.UInt32(ref r, "outer_user"),
        SecurityContext: (SecurityContext)f.UIntAsInt32(ref r, "sec_ctx"));

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IRecordedFrame ReadBody(FrameType type, FrameHeader h, ref MessagePackSpanReader r, FrameFields f) => type switch
    {
        FrameType.SessionStarted => SessionFrameReader.ReadSessionStarted(h, ref r, f),
        FrameType.SessionEnded => new SessionEnded(h),
        FrameType.TransactionEnded => SessionFrameReader.ReadTransactionEnded(h, ref r, f),
        FrameType.FramesDropped => SessionFrameReader.ReadFramesDropped(h, ref r, f),
        FrameType.RoleDescribed => DescriptorFrameReader.ReadRoleDescribed(h, ref r, f),
        FrameType.FunctionDescribed => DescriptorFrameReader.ReadFunctionDescribed(h, ref r, f),
        FrameType.RelationDescribed => DescriptorFrameReader.ReadRelationDescribed(h, ref r, f),
        FrameType.OperatorDescribed => DescriptorFrameReader.ReadOperatorDescribed(h, ref r, f),
        FrameType.TypeDescribed => DescriptorFrameReader.ReadTypeDescribed(h, ref r, f),
        FrameType.QueryAnalyzed => StatementFrameReader.ReadQueryAnalyzed(h, ref r, f),
        FrameType.StatementStarted => StatementFrameReader.ReadStatementStarted(h, ref r, f),
        FrameType.StatementFinished => StatementFrameReader.ReadStatementFinished(h, ref r, f),
        FrameType.PlanStarted => StatementFrameReader.ReadPlanStarted(h, ref r, f),
        FrameType.PlanFinished => StatementFrameReader.ReadPlanFinished(h, ref r, f),
        FrameType.FunctionEntered => FunctionFrameReader.ReadFunctionEntered(h, ref r, f),
        FrameType.FunctionExited => FunctionFrameReader.ReadFunctionExited(h, ref r, f),
        FrameType.RoleSwitched => ChangeFrameReader.ReadRoleSwitched(h, ref r, f),
        FrameType.ObjectChanged => ChangeFrameReader.ReadObjectChanged(h, ref r, f),
        FrameType.MaintenanceStarted => ChangeFrameReader.ReadMaintenanceStarted(h, ref r, f),
        FrameType.MaintenanceFinished => ChangeFrameReader.ReadMaintenanceFinished(h, ref r, f),
        FrameType.PrivilegesChanged => ChangeFrameReader.ReadPrivilegesChanged(h, ref r, f),
        FrameType.PolicyEnforced => ChangeFrameReader.ReadPolicyEnforced(h, ref r, f),
        FrameType.EnforcementInForce => ChangeFrameReader.ReadEnforcementInForce(h, ref r, f),
        FrameType.SubtransactionStarted => ChangeFrameReader.ReadSubtransactionStarted(h, ref r, f),
        FrameType.SubtransactionEnded => ChangeFrameReader.ReadSubtransactionEnded(h, ref r, f),
        _ => throw new InvalidOperationException($"Frame type {type} has no decoder."),
    };
}
