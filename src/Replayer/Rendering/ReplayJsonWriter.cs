using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceLab.Policies;

namespace TraceLab.Replayer.Rendering;

/// <summary>Writes a <see cref="ReplayReport"/> as the JSON document described in <c>src/Replayer/JSON.md</c>.</summary>
/// <remarks>
/// Scripts depend on this form: field names and their order are fixed and written by hand with
/// <see cref="Utf8JsonWriter"/> rather than left to a serializer's conventions. The output is indented with two
/// spaces, uses <c>\n</c> line ends on every platform, is UTF-8 without byte order mark, ends with a newline, and
/// leaves non-ASCII text and quotes readable (only what JSON requires is escaped). The same report always gives the
/// same bytes.
/// </remarks>
public static class ReplayJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>; the stream is left open.</summary>
    public static void Write(ReplayReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using (var writer = new Utf8JsonWriter(output, Options))
        {
            WriteReport(writer, report);
        }

        output.WriteByte((byte)'\n');
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>; the stream is left open.</summary>
    public static async Task WriteAsync(ReplayReport report, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new Utf8JsonWriter(output, Options);
        await using (writer)
        {
            WriteReport(writer, report);
            await writer.FlushAsync(cancellationToken);
        }

        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
    }

    /// <summary>The document as a string.</summary>
    public static string ToJson(ReplayReport report)
    {
        using var buffer = new MemoryStream();
        Write(report, buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteReport(Utf8JsonWriter writer, ReplayReport report)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("operations");
        foreach (var operation in report.Operations)
        {
            WriteOperation(writer, operation);
        }

        writer.WriteEndArray();
        WriteSummary(writer, report.Summary);
        writer.WriteEndObject();
    }

    private static void WriteOperation(Utf8JsonWriter writer, ReplayedOperation replayed)
    {
        var operation = replayed.Operation;
        writer.WriteStartObject();
        writer.WriteString("session", operation.SessionId);
        writer.WriteString("database", operation.Database);
        writer.WriteNumber("seq", operation.Seq);
        writer.WriteString("command", operation.Command);
        writer.WriteString("executor", operation.Executor.DisplayName);
        writer.WriteStartArray("chain");
        foreach (var entry in operation.Chain)
        {
            WriteEntry(writer, entry);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("verdicts");
        foreach (var verdict in replayed.Verdicts)
        {
            WriteVerdict(writer, verdict);
        }

        writer.WriteEndObject();
        writer.WriteString("kind", ReportNames.Of(operation.Kind));
        writer.WriteString("category", CommandCategories.NameOf(operation.Category));
        writer.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter writer, ChainEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", ReportNames.Of(entry.Kind));
        writer.WriteString("object", entry.ObjectName);
        writer.WriteString("owner", entry.Owner.DisplayName);
        if (entry.Candidate)
        {
            writer.WriteBoolean("candidate", true);
        }

        if (entry.Synthetic)
        {
            writer.WriteBoolean("synthetic", true);
        }

        writer.WriteString("phase", ReportNames.Of(entry.Phase));

        writer.WriteEndObject();
    }

    private static void WriteVerdict(Utf8JsonWriter writer, PolicyVerdict policyVerdict)
    {
        var verdict = policyVerdict.Verdict;
        writer.WriteStartObject(policyVerdict.Policy);
        writer.WriteString("decision", ReportNames.Of(verdict.Decision));
        writer.WriteString("message", verdict.Message);
        writer.WriteString("detail", verdict.Detail);
        writer.WriteString("hint", verdict.Hint);
        if (verdict.CulpritIndex is { } culprit)
        {
            writer.WriteNumber("culprit", culprit);
        }

        if (verdict.Rule is { } rule)
        {
            writer.WriteString("rule", rule);
        }

        writer.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter writer, ReplaySummary summary)
    {
        writer.WriteStartObject("summary");
        writer.WriteStartArray("sessions");
        foreach (var session in summary.Sessions)
        {
            writer.WriteStartObject();
            writer.WriteString("session", session.SessionId);
            writer.WriteString("database", session.Database);
            writer.WriteNumber("operations", session.Operations);
            WriteCounts(writer, session.Policies);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("operations", summary.Operations);
        WriteCounts(writer, summary.Totals);
        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, IReadOnlyList<PolicyCounts> counts)
    {
        writer.WriteStartObject("policies");
        foreach (var count in counts)
        {
            writer.WriteStartObject(count.Policy);
            writer.WriteNumber("allowed", count.Allowed);
            writer.WriteNumber("blocked", count.Blocked);
            writer.WriteNumber("warned", count.Warned);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
