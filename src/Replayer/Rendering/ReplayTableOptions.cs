namespace TraceLab.Replayer.Rendering;

/// <summary>Settings of <see cref="ReplayTableRenderer"/>.</summary>
public sealed class ReplayTableOptions
{
    /// <summary>Statement texts in the chain column are cut to this many characters (JSON always has them whole).</summary>
    /// <value>Defaults to 40, which keeps a table of two policies readable in 120 columns.</value>
    public int MaxStatementLength { get; init; } = 40;

    /// <summary>Whether the PostgreSQL-style error of every block is printed beneath the table.</summary>
    /// <value>Defaults to <c>true</c>.</value>
    public bool ShowMessages { get; init; } = true;
}
