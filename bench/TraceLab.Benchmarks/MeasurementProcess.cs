using System.Diagnostics;

namespace TraceLab.Benchmarks;

/// <summary>Runs one measurement in a child process of this program, so that its peak memory (VmHWM) is its own, and
/// returns the fields of the <c>RESULT</c> line it prints.</summary>
internal static class MeasurementProcess
{
    public static async Task<string[]> RunAsync(string mode, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // The runtime settings of the tracelab CLI (TraceLab.Cli.csproj), whose paths the measurements time: no dynamic
        // PGO. This program keeps it for the policy benchmark, which evaluates in one long loop.
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.ArgumentList.Add(typeof(MeasurementProcess).Assembly.Location);
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the measurement.");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The {mode} measurement failed (exit code {child.ExitCode}):\n{output}");
        return line.Split(' ');
    }
}
