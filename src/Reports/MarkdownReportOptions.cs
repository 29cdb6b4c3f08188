namespace TraceLab.Reports;

/// <summary>Settings of <see cref="MarkdownReportWriter"/>.</summary>
public sealed record MarkdownReportOptions
{
    /// <summary>Statement texts in the chain column are cut to this many characters (the messages keep them whole).</summary>
    /// <value>Defaults to 60.</value>
    public int MaxStatementLength { get; init; } = 60;

    /// <summary>The most shapes listed, most frequent first.</summary>
    /// <value>Defaults to 20.</value>
    public int MaxShapes { get; init; } = 20;

    /// <summary>The most sessions the summary lists one by one; with more, it lists those where some policy did not
    /// simply allow an operation (up to this number) and the total.</summary>
    /// <value>Defaults to 50.</value>
    public int MaxSessions { get; init; } = 50;
}
