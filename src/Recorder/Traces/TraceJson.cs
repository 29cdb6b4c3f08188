using System.Text.Json;
using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Traces;

/// <summary>How a trace file spells what it keeps as JSON: session summaries and events stored one per frame.</summary>
/// <remarks>Its own options, not the event store's serializer: a trace must read the same with no database.</remarks>
internal static class TraceJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    private static readonly Dictionary<string, Type> FrameTypes =
        RecordedEventTypes.All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static string Summary(RecordedSessionSummary summary) => JsonSerializer.Serialize(summary, Options);

    public static RecordedSessionSummary? ReadSummary(string json) =>
        JsonSerializer.Deserialize<RecordedSessionSummary>(json, Options);

    public static (string Type, string Json) Frame(IRecordedFrame frame) =>
        (frame.GetType().Name, JsonSerializer.Serialize(frame, frame.GetType(), Options));

    /// <summary>The frame, or null for a type this build does not know (skipped, as the spool's readers skip them).</summary>
    public static IRecordedFrame? ReadFrame(string type, string json) =>
        FrameTypes.TryGetValue(type, out var t) ? (IRecordedFrame?)JsonSerializer.Deserialize(json, t, Options) : null;
}
