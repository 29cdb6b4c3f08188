using TraceLab.Recorder.Ingest;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Support;

/// <summary>The counts of a <see cref="SpoolIngestSummary"/>, to compare in one assertion.</summary>
internal sealed record SpoolIngestSummaryShape(int FilesSeen, int FilesWithNewData, long EventsAppended, int ErrorCount);

internal static class SpoolIngestSummaryAssert
{
    public static void ShouldBe(this SpoolIngestSummary actual, SpoolIngestSummaryShape expected, IReadOnlyList<SpoolException> errors) =>
        new SpoolIngestSummaryShape(actual.FilesSeen, actual.FilesWithNewData, actual.EventsAppended, actual.Errors.Count)
            .ShouldBe(expected, string.Join(Environment.NewLine, errors.Select(e => $"{e.Message}: {e.Detail}")));
}
