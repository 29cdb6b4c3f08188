using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TraceLab.IntegrationTests.Support;

/// <summary>A tracelab command that is still running: its output is collected as it comes, and it can be sent a
/// signal the way a terminal or a service manager would.</summary>
internal sealed class RunningCli : IDisposable
{
    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;

    public RunningCli(Process process)
    {
        this.process = process;
        output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    public bool HasExited => process.HasExited;

    /// <summary>Sends <paramref name="signal"/> (<see cref="PosixSignal.SIGTERM"/>, <see cref="PosixSignal.SIGINT"/>)
    /// to the command. (<c>dotnet tracelab.dll</c> runs the command in the dotnet process itself.)</summary>
    public void Signal(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Only SIGINT and SIGTERM are sent."),
        };
        if (Kill(process.Id, number) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {number}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public async Task<CliResult> WaitAsync()
    {
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
