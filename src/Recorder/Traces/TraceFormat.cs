namespace TraceLab.Traces;

/// <summary>The constants of the trace file format (TRACE.md beside the spool's FORMAT.md).</summary>
public static class TraceFormat
{
    /// <summary>The first element of the header.</summary>
    public const string Magic = "tracelab-trace";

    /// <summary>The container version this build writes and reads; a reader refuses any other.</summary>
    public const int Version = 1;

    /// <summary>The usual file name extension.</summary>
    public const string FileExtension = ".tltrace";

    /// <summary>Codec of a block's payload: DEFLATE (RFC 1951).</summary>
    public const int DeflateCodec = 1;

    /// <summary>A block's records are flushed once their uncompressed size passes this.</summary>
    public const int BlockTarget = 1 << 20;

    /// <summary>The largest compressed or uncompressed payload a reader accepts.</summary>
    public const int MaxPayload = 64 << 20;

    /// <summary>Record kinds, the first element of every record.</summary>
    public static class Records
    {
        /// <summary><c>["session", id, summary JSON]</c>: the session the following records belong to.</summary>
        public const string Session = "session";

        /// <summary><c>["batch", first seq, last seq, frame count, bin frames]</c>: a <c>FrameBatch</c>.</summary>
        public const string Batch = "batch";

        /// <summary><c>["event", type name, JSON]</c>: an event stored one per frame.</summary>
        public const string Event = "event";

        /// <summary><c>["session-end", frames]</c>: the session is complete, with this many frames.</summary>
        public const string SessionEnd = "session-end";

        /// <summary><c>["trace-end", sessions]</c>: the last record of a complete file.</summary>
        public const string TraceEnd = "trace-end";
    }
}
