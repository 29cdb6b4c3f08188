using System.Text;
using TraceLab.Replayer.Output;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Replayer.Rendering;

/// <summary>Writes a collected <see cref="ReplayReport"/> as the JSON document described in
/// <c>src/Replayer/JSON.md</c>, through <see cref="JsonReportWriter"/>.</summary>
/// <remarks>For replays too long to collect, feed a <see cref="JsonReportWriter"/> as the operations stream. A report
/// written here is a replay (<c>"kind": "replay"</c>); its <c>shapes</c> are those given, or the report's own.</remarks>
public static class ReplayJsonWriter
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>; the stream is left open.</summary>
    public static void Write(ReplayReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        Write(report, report.Shapes, output);
    }

    /// <summary>Writes <paramref name="report"/> and its <paramref name="shapes"/> to <paramref name="output"/>; the
    /// stream is left open.</summary>
    public static void Write(ReplayReport report, IReadOnlyList<ShapeSummary> shapes, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new JsonReportWriter(output);
        try
        {
            writer.Begin(ReportWriting.HeaderOf(report));
            foreach (var operation in report.Operations)
            {
                writer.Write(operation);
                if (writer.BufferedBytes >= JsonReportWriter.FlushThreshold)
                {
                    writer.Drain();
                }
            }

            writer.End(new ReportFooter(report.Summary, shapes) { OperationsWritten = report.Operations.Count });
            writer.Drain();
            output.Flush();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>; the stream is left open.</summary>
    public static async Task WriteAsync(ReplayReport report, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        await using var writer = new JsonReportWriter(output);
        await writer.WriteReportAsync(report, cancellationToken: cancellationToken);
    }

    /// <summary>The document as a string.</summary>
    public static string ToJson(ReplayReport report)
    {
        using var buffer = new MemoryStream();
        Write(report, buffer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
