namespace TraceLab.Reports;

/// <summary>Settings of <see cref="HtmlReportWriter"/>.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>The page title and top heading.</summary>
    /// <value>Defaults to <c>null</c>: "TraceLab replay report" or "TraceLab diff report".</value>
    public string? Title { get; init; }

    /// <summary>The most operations the page lists; later ones are counted and the page says how many it left out.</summary>
    /// <value>Defaults to 5,000.</value>
    /// <remarks>The page is written after the last operation, so this bounds the memory a streaming replay takes.</remarks>
    public int MaxOperations { get; init; } = 5_000;

    /// <summary>Whether operations every policy allowed get a row too (within <see cref="MaxOperations"/>).</summary>
    /// <value>Defaults to <c>false</c>: the page lists what some policy blocked, warned about or would not have
    /// reached, and counts the rest.</value>
    public bool ListAllowed { get; init; }

    /// <summary>Statement texts in the operation matrix are cut to this many characters (the trees keep them whole).</summary>
    /// <value>Defaults to 60.</value>
    public int MaxStatementLength { get; init; } = 60;

    /// <summary>The most shapes listed, most frequent first.</summary>
    /// <value>Defaults to 50.</value>
    public int MaxShapes { get; init; } = 50;

    /// <summary>The most sessions listed one by one in the summary; with more, those where some policy did not simply
    /// allow an operation (up to this number).</summary>
    /// <value>Defaults to 100.</value>
    public int MaxSessions { get; init; } = 100;
}
