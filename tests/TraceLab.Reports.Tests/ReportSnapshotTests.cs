using System.Text;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

using TraceLab.Reports.Tests.Support;

namespace TraceLab.Reports.Tests;

/// <summary>Every format's report of the fixed sample, byte for byte against its approved file: any change to what a
/// report says or how it lays it out shows up here as a diff to approve or fix.</summary>
public sealed class ReportSnapshotTests
{
    private static readonly Expectation[] Expectations =
        [new("ddl-needs-trusted-chain", [Outcome.Blocked]), new("strict-trusted-chain", [Outcome.NotReached])];

    public static TheoryData<string, ReportKind> Reports()
    {
        var data = new TheoryData<string, ReportKind>();
        foreach (var format in ReportFormats.Names)
        {
            data.Add(format, ReportKind.Replay);
            data.Add(format, ReportKind.Diff);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task The_sample_report_is_the_approved_one(string format, ReportKind kind)
    {
        var bytes = await ReportSample.BytesAsync(format, kind, Expectations, cancellationToken: TestContext.Current.CancellationToken);

        ApprovedFile.Verify(Encoding.UTF8.GetString(bytes), $"sample.{kind.ToString().ToLowerInvariant()}", Extension(format));
    }

    private static string Extension(string format) => format switch
    {
        ReportFormats.Table => "txt",
        ReportFormats.Markdown => "md",
        ReportFormats.JUnit => "xml",
        _ => format,
    };
}
