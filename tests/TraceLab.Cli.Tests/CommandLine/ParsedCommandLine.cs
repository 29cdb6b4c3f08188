using TraceLab.Cli.CommandLine;

namespace TraceLab.Cli.Tests.CommandLine;

/// <summary>Runs a command line through the tool's own parser (with a verb that only records that it ran) and reports a
/// failure as the tool does.</summary>
internal static class ParsedCommandLine
{
    /// <summary>The exit code, and what the tool would print on standard error (empty when the verb ran).</summary>
    public static async Task<(int Exit, string Error)> RunAsync(params string[] args)
    {
        var app = TraceLabApp.Create(new RunningCommand());
        var error = new StringWriter { NewLine = "\n" };
        try
        {
            var exit = await app.RunAsync(args, TestContext.Current.CancellationToken);
            return (exit, "");
        }
        catch (Exception e)
        {
            return (ErrorReporter.Report(e, error), error.ToString());
        }
    }
}
