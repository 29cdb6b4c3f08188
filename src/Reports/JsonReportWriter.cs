using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Reports;

/// <summary>Writes the JSON document described in <c>src/Reports/JSON.md</c> while a replay streams: each operation
/// as it comes, the summary and the shapes at the end.</summary>
/// <remarks>
/// <para>Scripts depend on this form: field names and their order are fixed and written by hand with
/// <see cref="Utf8JsonWriter"/> rather than left to a serializer's conventions. The output is indented with two
/// spaces, uses <c>\n</c> line ends on every platform, is UTF-8 without byte order mark, ends with a newline, and
/// leaves non-ASCII text and quotes readable (only what JSON requires is escaped). The same input always gives the
/// same bytes.</para>
/// <para>Memory is bounded: the writer holds at most about 16 KiB of output before passing it on, whatever the
/// number of operations. The output stream or text writer is flushed at the end, never closed.</para>
/// </remarks>
public sealed class JsonReportWriter : IReportWriter
{
    internal const int FlushThreshold = 16 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte> buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter json;
    private readonly Stream? stream;
    private readonly TextWriter? text;
    private readonly WriterState state = new();

    /// <summary>A writer that writes UTF-8 to <paramref name="output"/>.</summary>
    public JsonReportWriter(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        stream = output;
        json = new Utf8JsonWriter(buffer, Options);
    }

    /// <summary>A writer that writes to <paramref name="output"/> (whose own encoding applies).</summary>
    public JsonReportWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        text = output;
        json = new Utf8JsonWriter(buffer, Options);
    }

    /// <summary>Bytes written but not yet passed on to the output.</summary>
    internal int BufferedBytes => buffer.WrittenCount + json.BytesPending;

    public async Task BeginAsync(ReportHeader header, CancellationToken cancellationToken)
    {
        Begin(header);
        await DrainAsync(cancellationToken);
    }

    public async Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
    {
        Write(operation);
        if (BufferedBytes >= FlushThreshold)
        {
            await DrainAsync(cancellationToken);
        }
    }

    public async Task EndAsync(ReportFooter footer, CancellationToken cancellationToken)
    {
        End(footer);
        await DrainAsync(cancellationToken);
        if (stream is not null)
        {
            await stream.FlushAsync(cancellationToken);
        }
        else if (text is not null)
        {
            await text.FlushAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => json.DisposeAsync();

    private void Begin(ReportHeader header)
    {
        state.Begin(header);
        json.WriteStartObject();
        json.WriteStartArray("operations");
    }

    private void Write(ReplayedOperation operation)
    {
        state.Write(operation);
        WriteOperation(operation);
    }

    private void End(ReportFooter footer)
    {
        state.End(footer);
        json.WriteEndArray();
        WriteSummary(footer.Summary);
        json.WriteString("kind", state.Header.Kind == ReportKind.Diff ? "diff" : "replay");
        WriteShapes(footer.Shapes);
        json.WriteEndObject();
        json.Flush();
        buffer.Write("\n"u8);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        // Flushed at the end of a complete value, so a UTF-8 sequence is never split between two drains.
        json.Flush();
        if (stream is not null)
        {
            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        }
        else if (text is not null)
        {
            await text.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken);
        }

        buffer.ResetWrittenCount();
    }

    private void WriteOperation(ReplayedOperation replayed)
    {
        var operation = replayed.Operation;
        json.WriteStartObject();
        json.WriteString("session", operation.SessionId);
        json.WriteString("database", operation.Database);
        json.WriteNumber("seq", operation.Seq);
        json.WriteString("command", operation.Command);
        json.WriteString("executor", operation.Executor.DisplayName);
        json.WriteStartArray("chain");
        foreach (var entry in operation.Chain)
        {
            WriteEntry(entry);
        }

        json.WriteEndArray();
        json.WriteStartObject("verdicts");
        foreach (var verdict in replayed.Verdicts)
        {
            WriteVerdict(verdict);
        }

        json.WriteEndObject();
        json.WriteString("kind", ReportNames.Of(operation.Kind));
        json.WriteString("category", CommandCategories.NameOf(operation.Category));
        json.WriteEndObject();
    }

    private void WriteEntry(ChainEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("kind", ReportNames.Of(entry.Kind));
        json.WriteString("object", entry.ObjectName);
        json.WriteString("owner", entry.Owner.DisplayName);
        if (entry.Candidate)
        {
            json.WriteBoolean("candidate", true);
        }

        if (entry.Synthetic)
        {
            json.WriteBoolean("synthetic", true);
        }

        json.WriteString("phase", ReportNames.Of(entry.Phase));
        if (entry.Inlined)
        {
            json.WriteBoolean(ReportNames.Inlined, true);
        }

        json.WriteEndObject();
    }

    private void WriteVerdict(PolicyVerdict policyVerdict)
    {
        var verdict = policyVerdict.Verdict;
        json.WriteStartObject(policyVerdict.Policy);
        json.WriteString("decision", ReportNames.Of(policyVerdict.Outcome));
        json.WriteString("message", verdict.Message);
        json.WriteString("detail", verdict.Detail);
        json.WriteString("hint", verdict.Hint);
        if (verdict.CulpritIndex is { } culprit)
        {
            json.WriteNumber("culprit", culprit);
        }

        if (verdict.Rule is { } rule)
        {
            json.WriteString("rule", rule);
        }

        if (Outcomes.IsCounterfactual(policyVerdict.Outcome))
        {
            json.WriteString("verdict", ReportNames.Of(verdict.Decision));
        }

        json.WriteEndObject();
    }

    private void WriteSummary(ReplaySummary summary)
    {
        json.WriteStartObject("summary");
        json.WriteStartArray("sessions");
        foreach (var session in summary.Sessions)
        {
            json.WriteStartObject();
            json.WriteString("session", session.SessionId);
            json.WriteString("database", session.Database);
            json.WriteNumber("operations", session.Operations);
            WriteCounts(session.Policies);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("operations", summary.Operations);
        WriteCounts(summary.Totals);
        json.WriteEndObject();
    }

    private void WriteCounts(IReadOnlyList<PolicyCounts> counts)
    {
        json.WriteStartObject("policies");
        foreach (var count in counts)
        {
            json.WriteStartObject(count.Policy);
            foreach (var outcome in Outcomes.All)
            {
                json.WriteNumber(ReportNames.Of(outcome), count.Of(outcome));
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private void WriteShapes(IReadOnlyList<ShapeSummary> shapes)
    {
        json.WriteStartArray("shapes");
        foreach (var shape in shapes)
        {
            json.WriteStartObject();
            json.WriteString("shape", shape.Shape.Text);
            json.WriteString("command", shape.Shape.Command);
            json.WriteStartArray("kinds");
            foreach (var kind in shape.Shape.Kinds)
            {
                json.WriteStringValue(kind);
            }

            json.WriteEndArray();
            json.WriteStartArray("owners");
            foreach (var owner in shape.Shape.Owners)
            {
                json.WriteStringValue(owner);
            }

            json.WriteEndArray();
            json.WriteNumber("operations", shape.Operations);
            WriteCounts(shape.Policies);
            json.WriteStartObject("example");
            json.WriteString("session", shape.Example.Operation.SessionId);
            json.WriteNumber("seq", shape.Example.Operation.Seq);
            json.WriteEndObject();
            if (shape.Shape.Inlined.Count > 0)
            {
                json.WriteStartArray(ReportNames.Inlined);
                foreach (var index in shape.Shape.Inlined)
                {
                    json.WriteNumberValue(index);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
