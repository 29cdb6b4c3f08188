using Spectre.Console;
using TraceLab.Replayer.Output;

namespace TraceLab.Reports;

/// <summary>Creates the <see cref="IReportWriter"/> of a format by name: <c>table</c>, <c>json</c>,
/// <c>markdown</c>, <c>html</c> or <c>junit</c>.</summary>
/// <remarks>Writers never close what they write to; they flush it at <see cref="IReportWriter.EndAsync"/>. Dispose
/// them when done (they may hold a temporary file).</remarks>
public static class ReportFormats
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Markdown = "markdown";
    public const string Html = "html";
    public const string JUnit = "junit";

    /// <summary>Every format name, in the order help texts list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Table, Json, Markdown, Html, JUnit];

    /// <summary>Whether <paramref name="format"/> names a format (names are lower case).</summary>
    public static bool IsKnown(string format) => Names.Contains(format, StringComparer.Ordinal);

    /// <summary>A writer of <paramref name="format"/> to <paramref name="console"/>: the table is drawn with the
    /// console's colours and width; the other formats write their text to the console's output unchanged.</summary>
    /// <exception cref="ArgumentException"><paramref name="format"/> is not a format name.</exception>
    public static IReportWriter Create(string format, IAnsiConsole console, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        return format == Table
            ? new TableReportWriter(console, (options ?? new ReportOptions()).Table)
            : Create(format, console.Profile.Out.Writer, options);
    }

    /// <summary>A writer of <paramref name="format"/> that writes UTF-8 to <paramref name="output"/>; the table is
    /// plain text without colour, <see cref="ReplayTableOptions.PlainTextWidth"/> columns wide.</summary>
    /// <exception cref="ArgumentException"><paramref name="format"/> is not a format name.</exception>
    public static IReportWriter Create(string format, Stream output, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= new ReportOptions();
        return format switch
        {
            Table => new StreamTableWriter(output, options.Table),
            Json => new JsonReportWriter(output),
            Markdown => new MarkdownReportWriter(output, options.Markdown),
            Html => new HtmlReportWriter(output, options.Html),
            JUnit => new JUnitReportWriter(output),
            _ => throw Unknown(format),
        };
    }

    /// <summary>A writer of <paramref name="format"/> that writes to <paramref name="output"/>; the table is plain
    /// text without colour, <see cref="ReplayTableOptions.PlainTextWidth"/> columns wide.</summary>
    /// <exception cref="ArgumentException"><paramref name="format"/> is not a format name.</exception>
    public static IReportWriter Create(string format, TextWriter output, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= new ReportOptions();
        return format switch
        {
            Table => new TableReportWriter(output, options.Table),
            Json => new JsonReportWriter(output),
            Markdown => new MarkdownReportWriter(output, options.Markdown),
            Html => new HtmlReportWriter(output, options.Html),
            JUnit => new JUnitReportWriter(output),
            _ => throw Unknown(format),
        };
    }

    private static ArgumentException Unknown(string? format) => new(
        $"Unrecognized report format '{format}'; the formats are {string.Join(", ", Names)}.", nameof(format));

    /// <summary>The table drawn as text into a UTF-8 writer over a stream, which it flushes at the end.</summary>
    private sealed class StreamTableWriter(Stream output, ReplayTableOptions options) : IReportWriter
    {
        private readonly TextOutput text = new(output);
        private TableReportWriter? table;

        private TableReportWriter Table => table ??= new TableReportWriter(text.Writer, options);

        public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken) => Table.BeginAsync(header, cancellationToken);

        public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken) =>
            Table.WriteAsync(operation, cancellationToken);

        public async Task EndAsync(ReportFooter footer, CancellationToken cancellationToken)
        {
            await Table.EndAsync(footer, cancellationToken);
            await text.Writer.FlushAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => text.DisposeAsync();
    }
}
