using System.Diagnostics;

namespace TraceLab.IntegrationTests.Support;

/// <summary>What a run of the tracelab command printed.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real tracelab command (the CLI assembly built next to the tests) as a user would.</summary>
internal static class CliProcess
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var running = Start(environment, arguments);
        return await running.WaitAsync();
    }

    /// <summary>Starts the command and returns it running, for tests that signal it.</summary>
    public static RunningCli Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        return new RunningCli(Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet."));
    }
}
