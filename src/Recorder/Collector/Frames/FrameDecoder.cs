using System.Globalization;
using MessagePack;
using TraceLab.Events;

namespace TraceLab.Recorder.Frames;

/// <summary>Decodes one probe frame (a MessagePack array, FORMAT.md "Frames") into its typed event.</summary>
/// <remarks>
/// Strict about what version 1 defines, tolerant of what the format lets grow: a frame of an unrecognized type is
/// skipped whole, elements after the known ones are skipped, and optional fields may be nil or absent. Enumerated
/// values (status, kind, context, flags) are kept as recorded even when they are outside today's enum members, so
/// nothing the probe said is lost. Any other deviation throws <see cref="FrameFormatException"/>.
/// </remarks>
internal static class FrameDecoder
{
    /// <summary>Reads one frame; returns <see langword="null"/> for a frame of an unrecognized type (consumed).</summary>
    /// <exception cref="FrameFormatException">The frame does not follow the format.</exception>
    public static IRecordedFrame? Decode(ref MessagePackReader r)
    {
        if (r.NextMessagePackType != MessagePackType.Array)
        {
            throw new FrameFormatException(
                $"The frame is {FrameFields.Describe(r.NextMessagePackType)} where an array is expected.");
        }

        var count = r.ReadArrayHeader();
        var frame = new FrameFields("the frame", count);
        var code = frame.UInt32(ref r, "type");
        if (!Enum.IsDefined((FrameType)code))
        {
            frame.SkipRest(ref r);
            return null;
        }

        var type = (FrameType)code;
        var fields = new FrameFields($"the {type} frame", count, index: 1);
        var header = ReadHeader(ref r, fields);
        var result = ReadBody(type, header, ref r, fields);
        fields.SkipRest(ref r);
        return result;
    }

    private static FrameHeader ReadHeader(ref MessagePackReader r, FrameFields f) => new(
        Seq: f.UIntAsInt64(ref r, "seq"),
        Parent: f.UIntAsInt64(ref r, "parent"),
        Depth: f.UIntAsInt32(ref r, "depth"),
        TimestampUs: f.Int64(ref r, "ts"),
        CurrentUser: f.UInt32(ref r, "current_user"),
        OuterUser: f.UInt32(ref r, "outer_user"),
        SecurityContext: (SecurityContext)f.UIntAsInt32(ref r, "sec_ctx"));

    private static IRecordedFrame ReadBody(FrameType type, FrameHeader h, ref MessagePackReader r, FrameFields f) => type switch
    {
        FrameType.SessionStarted => new SessionStarted(
            h,
            FormatVersion: f.UIntAsInt32(ref r, "format_version"),
            ProbeVersion: f.String(ref r, "probe_version"),
            ServerVersionNum: f.UIntAsInt32(ref r, "server_version_num"),
            SystemIdentifier: f.UInt64(ref r, "system_identifier"),
            Pid: f.UIntAsInt32(ref r, "pid"),
            BackendStartUs: f.Int64(ref r, "backend_start_us"),
            DatabaseOid: f.UInt32(ref r, "database_oid"),
            Database: f.String(ref r, "database"),
            SessionUserOid: f.UInt32(ref r, "session_user_oid"),
            ApplicationName: f.String(ref r, "application_name"),
            BackendType: f.String(ref r, "backend_type")),
        FrameType.SessionEnded => new SessionEnded(h),
        FrameType.RoleDescribed => new RoleDescribed(
            h,
            RoleOid: f.UInt32(ref r, "role_oid"),
            Name: f.String(ref r, "name"),
            Superuser: f.Boolean(ref r, "superuser"),
            CanLogin: f.Boolean(ref r, "can_login"),
            Inherit: f.Boolean(ref r, "inherit"),
            BypassRowSecurity: f.Boolean(ref r, "bypass_rls")),
        FrameType.FunctionDescribed => new FunctionDescribed(
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
            ReturnType: f.String(ref r, "return_type")),
        FrameType.RelationDescribed => new RelationDescribed(
            h,
            RelationOid: f.UInt32(ref r, "relation_oid"),
            Schema: f.String(ref r, "schema"),
            Name: f.String(ref r, "name"),
            RelKind: f.String(ref r, "relkind"),
            OwnerOid: f.UInt32(ref r, "owner_oid"),
            SecurityInvoker: f.Boolean(ref r, "security_invoker"),
            SecurityBarrier: f.Boolean(ref r, "security_barrier")),
        FrameType.QueryAnalyzed => new QueryAnalyzed(
            h,
            QueryId: f.Int64(ref r, "query_id"),
            CommandTag: f.String(ref r, "command_tag"),
            Views: ReadViews(ref r, f)),
        FrameType.StatementStarted => new StatementStarted(
            h,
            QueryId: f.Int64(ref r, "query_id"),
            CommandTag: f.String(ref r, "command_tag"),
            Kind: (StatementKind)f.UIntAsInt32(ref r, "kind"),
            Context: (StatementContext)f.UIntAsInt32(ref r, "context"),
            Text: f.String(ref r, "text")),
        FrameType.StatementFinished => new StatementFinished(
            h,
            StatementSeq: f.UIntAsInt64(ref r, "statement_seq"),
            Outcome: (FrameOutcome)f.UIntAsInt32(ref r, "status"),
            SqlState: f.String(ref r, "sqlstate"),
            Rows: f.UIntAsInt64(ref r, "rows")),
        FrameType.FunctionEntered => new FunctionEntered(
            h,
            FunctionOid: f.UInt32(ref r, "function_oid"),
            ReachedBy: f.String(ref r, "reached_by"),
            Location: f.Int32(ref r, "location"),
            Trigger: ReadTrigger(ref r, f),
            EventTrigger: ReadEventTrigger(ref r, f)),
        FrameType.FunctionExited => new FunctionExited(
            h,
            EnteredSeq: f.UIntAsInt64(ref r, "entered_seq"),
            Outcome: (FrameOutcome)f.UIntAsInt32(ref r, "status"),
            SqlState: f.String(ref r, "sqlstate")),
        FrameType.TransactionEnded => new TransactionEnded(h, (TransactionOutcome)f.UIntAsInt32(ref r, "status")),
        FrameType.FramesDropped => new FramesDropped(h, Count: f.UIntAsInt64(ref r, "count"), Reason: f.String(ref r, "reason")),
        _ => throw new InvalidOperationException($"Frame type {type} has no decoder."),
    };

    private static ExpandedView[] ReadViews(ref MessagePackReader r, FrameFields f)
    {
        var n = f.ArrayHeader(ref r, "views");
        var views = new ExpandedView[n];
        for (var i = 0; i < n; i++)
        {
            var what = $"view {i.ToString(CultureInfo.InvariantCulture)} of the QueryAnalyzed frame";
            var entry = new FrameFields(what, ArrayHeader(ref r, what));
            var viewOid = entry.UInt32(ref r, "view_oid");
            var parent = entry.Int32(ref r, "parent");
            var functionCount = entry.ArrayHeader(ref r, "functions");
            var functions = new uint[functionCount];
            var list = new FrameFields($"the functions of {what}", functionCount);
            for (var j = 0; j < functionCount; j++)
            {
                functions[j] = list.UInt32(ref r, "function_oid");
            }

            entry.SkipRest(ref r);
            views[i] = new ExpandedView(viewOid, parent, functions);
        }

        return views;
    }

    private static TriggerContext? ReadTrigger(ref MessagePackReader r, FrameFields f)
    {
        if (f.NilOrAbsent(ref r))
        {
            return null;
        }

        const string what = "the trigger of the FunctionEntered frame";
        var t = new FrameFields(what, f.ArrayHeader(ref r, "trigger"));
        var trigger = new TriggerContext(
            TriggerOid: t.UInt32(ref r, "trigger_oid"),
            Name: t.String(ref r, "name"),
            RelationOid: t.UInt32(ref r, "relation_oid"),
            Timing: t.String(ref r, "timing"),
            Level: t.String(ref r, "level"),
            Event: t.String(ref r, "event"));
        t.SkipRest(ref r);
        return trigger;
    }

    private static EventTriggerContext? ReadEventTrigger(ref MessagePackReader r, FrameFields f)
    {
        if (f.NilOrAbsent(ref r))
        {
            return null;
        }

        const string what = "the event trigger of the FunctionEntered frame";
        var t = new FrameFields(what, f.ArrayHeader(ref r, "event_trigger"));
        var eventTrigger = new EventTriggerContext(Event: t.String(ref r, "event"), Tag: t.String(ref r, "tag"));
        t.SkipRest(ref r);
        return eventTrigger;
    }

    private static int ArrayHeader(ref MessagePackReader reader, string what)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw new FrameFormatException(
                $"{char.ToUpperInvariant(what[0])}{what[1..]} is {FrameFields.Describe(reader.NextMessagePackType)} "
                + "where an array is expected.");
        }

        return reader.ReadArrayHeader();
    }
}
