namespace TraceLab.Cli.Tests;

/// <summary>Runs a command with standard output and error captured.</summary>
/// <remarks>The console is process-wide, so the tests that capture it form one collection that never runs in parallel
/// with anything else.</remarks>
[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture
{
    public static (int Exit, string Output, string Errors) Run(Func<int> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (output, errors) = (Console.Out, Console.Error);
        using var capturedOutput = new StringWriter { NewLine = "\n" };
        using var capturedErrors = new StringWriter { NewLine = "\n" };
        Console.SetOut(capturedOutput);
        Console.SetError(capturedErrors);
        try
        {
            var exit = command();
            return (exit, capturedOutput.ToString(), capturedErrors.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(errors);
        }
    }
}
