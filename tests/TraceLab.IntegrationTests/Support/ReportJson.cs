using System.Text.Json;
using TraceLab.Replayer;
using TraceLab.Reports;

namespace TraceLab.IntegrationTests.Support;

/// <summary>A collected replay in its documented JSON form, written by the writer the CLI uses.</summary>
internal static class ReportJson
{
    public static async Task<JsonDocument> ParseAsync(ReplayReport report)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new JsonReportWriter(buffer))
        {
            await writer.WriteReportAsync(report, cancellationToken: TestContext.Current.CancellationToken);
        }

        buffer.Position = 0;
        return await JsonDocument.ParseAsync(buffer, cancellationToken: TestContext.Current.CancellationToken);
    }
}
