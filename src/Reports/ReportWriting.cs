using TraceLab.Replayer.Output;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Reports;

/// <summary>Feeds a collected <see cref="ReplayReport"/> through any <see cref="IReportWriter"/>: the one way to write
/// a collected report, so that it reads exactly as the same replay streamed.</summary>
public static class ReportWriting
{
    /// <summary>Writes the header, every operation and the footer of <paramref name="report"/>.</summary>
    /// <param name="shapes">The shapes, most frequent first; the report's own (<see cref="ReplayReport.Shapes"/>) when not given.</param>
    /// <param name="kind">Whether the report's operations are a replay (all of them) or a diff (the differing ones).</param>
    /// <param name="expectations">For JUnit: the outcomes each policy must not produce; none when not given.</param>
    public static async Task WriteReportAsync(
        this IReportWriter writer,
        ReplayReport report,
        IReadOnlyList<ShapeSummary>? shapes = null,
        ReportKind kind = ReportKind.Replay,
        IReadOnlyList<Expectation>? expectations = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        await writer.BeginAsync(HeaderOf(report, kind, expectations), cancellationToken);
        foreach (var operation in report.Operations)
        {
            await writer.WriteAsync(operation, cancellationToken);
        }

        await writer.EndAsync(
            new ReportFooter(report.Summary, shapes ?? report.Shapes) { OperationsWritten = report.Operations.Count },
            cancellationToken);
    }

    private static ReportHeader HeaderOf(
        ReplayReport report,
        ReportKind kind = ReportKind.Replay,
        IReadOnlyList<Expectation>? expectations = null) =>
        new(kind, report.Policies, expectations ?? []);
}
