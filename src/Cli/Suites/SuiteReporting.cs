using System.Text;
using Spectre.Console;
using TraceLab.Cli.Commands;
using TraceLab.Reports;
using TraceLab.Reports.Suites;
using TraceLab.Scenarios.Results;

namespace TraceLab.Cli.Suites;

/// <summary>Writes a suite's report where <c>--out</c> says: standard output (the table drawn for the console), or a
/// file replaced only once the report is complete.</summary>
internal static class SuiteReporting
{
    /// <summary>The formats <c>suite run</c> writes, the default first.</summary>
    public static IReadOnlyList<string> Formats => ReportFormats.Names;

    public static async Task WriteAsync(SuiteReport report, string format, string? outPath, IAnsiConsole console, CancellationToken ct)
    {
        if (outPath is null or "-")
        {
            if (format == ReportFormats.Table)
            {
                await SuiteReportFormats.Create(format, console).WriteAsync(report, ct);
                return;
            }

            await using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { NewLine = "\n" };
            await SuiteReportFormats.Create(format, stdout).WriteAsync(report, ct);
            return;
        }

        using var file = new CompletedFile(outPath);
        await using (var writer = new StreamWriter(file.Open(), new UTF8Encoding(false)) { NewLine = "\n" })
        {
            await SuiteReportFormats.Create(format, writer).WriteAsync(report, ct);
        }

        file.Commit();
    }
}
