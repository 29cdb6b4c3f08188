using System.Diagnostics;

namespace TraceLab.IntegrationTests.Support;

/// <summary>What a run of the tracelab command printed.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real tracelab command (the CLI assembly built next to the tests) as a user would.</summary>
internal static class CliProcess
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(environment, arguments))
            ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the command and returns at once, for a test that stops it itself (a kill, a signal).</summary>
    public static RunningCli Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        new(Process.Start(StartInfo(environment, arguments)) ?? throw new InvalidOperationException("Could not start dotnet."));

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        // Through env(1), which resets SIGINT and SIGQUIT to their defaults and then becomes dotnet (same pid): a test
        // run started in the background by a shell without job control inherits them ignored, and .NET does not
        // handle a signal that was ignored when it started, so the tests that send Ctrl+C would wait for nothing.
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--default-signal=INT,QUIT");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tracelab.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TRACELAB_ROOT"] = CheckoutRoot.Path;
        info.Environment["COLUMNS"] = "200";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
