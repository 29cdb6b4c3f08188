namespace TraceLab.Cli.Commands;

/// <summary>How a command prints its result.</summary>
internal enum OutputFormat
{
    Table,
    Json,

    /// <summary>Shell variable assignments (only <c>tracelab status</c>).</summary>
    Env,
}
