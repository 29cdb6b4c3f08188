namespace TraceLab.Cli.Commands;

/// <summary>The names of the formats the listing verbs print in, as <c>--format</c> takes them; each verb declares
/// which of them it has (<see cref="CommandLine.IFormatSettings"/>).</summary>
internal static class OutputFormat
{
    public const string Table = "table";

    public const string Json = "json";

    /// <summary>Shell variable assignments (only <c>tracelab status</c>).</summary>
    public const string Env = "env";
}
