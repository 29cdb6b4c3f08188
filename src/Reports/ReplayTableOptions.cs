namespace TraceLab.Reports;

/// <summary>Settings of the console table (<see cref="TableReportWriter"/>).</summary>
public sealed record ReplayTableOptions
{
    /// <summary>Statement texts in the chain column are cut to this many characters (JSON always has them whole).</summary>
    /// <value>Defaults to 40, which keeps a table of two policies readable in 120 columns.</value>
    public int MaxStatementLength { get; init; } = 40;

    /// <summary>Whether the PostgreSQL-style error of every block is printed beneath the table.</summary>
    /// <value>Defaults to <c>true</c>.</value>
    public bool ShowMessages { get; init; } = true;

    /// <summary>The most operations the table lists; later ones are counted and the table says how many it left out.</summary>
    /// <value>Defaults to 1,000.</value>
    /// <remarks>The table is drawn after the last operation, so this bounds the memory a streaming replay takes.</remarks>
    public int MaxOperations { get; init; } = 1_000;

    /// <summary>Whether operations every policy allowed get a row too (within <see cref="MaxOperations"/>).</summary>
    /// <value>Defaults to <c>false</c>: the table lists what some policy blocked, warned about or would not have
    /// reached, and counts the rest.</value>
    public bool ListAllowed { get; init; }

    /// <summary>The most shapes listed beneath the summary, most frequent first.</summary>
    /// <value>Defaults to 10.</value>
    public int MaxShapes { get; init; } = 10;

    /// <summary>The most sessions the summary lists one by one; with more, it lists those where some policy did not
    /// simply allow an operation (up to this number) and the total.</summary>
    /// <value>Defaults to 20.</value>
    public int MaxSessions { get; init; } = 20;

    /// <summary>The width of a table written as plain text to a stream or text writer rather than to a console.</summary>
    /// <value>Defaults to 120 columns.</value>
    public int PlainTextWidth { get; init; } = 120;
}
