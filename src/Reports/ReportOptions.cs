namespace TraceLab.Reports;

/// <summary>The settings of every format, for <see cref="ReportFormats.Create(string, Stream, ReportOptions?)"/>;
/// each format reads its own.</summary>
public sealed record ReportOptions
{
    /// <summary>The console table (<c>table</c>).</summary>
    public ReplayTableOptions Table { get; init; } = new();

    /// <summary>Markdown (<c>markdown</c>).</summary>
    public MarkdownReportOptions Markdown { get; init; } = new();

    /// <summary>HTML (<c>html</c>).</summary>
    public HtmlReportOptions Html { get; init; } = new();
}
