using Spectre.Console;

namespace TraceLab.Reports.Suites;

/// <summary>Creates the <see cref="ISuiteReportWriter"/> of a format by name: the names of <see cref="ReportFormats"/>,
/// the one list of report formats.</summary>
public static class SuiteReportFormats
{
    /// <summary>A writer of <paramref name="format"/> to a console: the table with its colours and width, the other
    /// formats as text.</summary>
    public static ISuiteReportWriter Create(string format, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return format == ReportFormats.Table ? new SuiteTableWriter(console) : Create(format, console.Profile.Out.Writer);
    }

    /// <summary>A writer of <paramref name="format"/> to <paramref name="output"/>; the table as plain text.</summary>
    /// <exception cref="ArgumentException"><paramref name="format"/> is not a format name.</exception>
    public static ISuiteReportWriter Create(string format, TextWriter output) => format switch
    {
        ReportFormats.Table => new SuiteTableWriter(output),
        ReportFormats.Json => new SuiteJsonWriter(output),
        ReportFormats.Markdown => new SuiteMarkdownWriter(output),
        ReportFormats.Html => new SuiteHtmlWriter(output),
        ReportFormats.JUnit => new SuiteJUnitWriter(output),
        _ => throw new ArgumentException(
            $"Unrecognized report format '{format}'; the formats are {string.Join(", ", ReportFormats.Names)}.", nameof(format)),
    };
}
