using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TraceLab.Cli.Cluster;

namespace TraceLab.IntegrationTests.Support;

/// <summary>A tracelab command that runs until the test stops it: with SIGKILL (a crash nothing can catch), with SIGTERM
/// (a service manager's stop), or by letting it finish.</summary>
/// <remarks>The process is the <c>dotnet</c> host itself, which runs the CLI in-process, so its pid is the recorder's:
/// a kill reaches the recorder, not a launcher in front of it.</remarks>
internal sealed class RunningCli : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> output;
    private readonly System.Text.StringBuilder outputSoFar = new();
    private readonly System.Text.StringBuilder errorSoFar = new();
    private readonly Task<string> error;
    private bool disposed;

    public RunningCli(Process process)
    {
        this.process = process;
        // Read both pipes from the start: a full pipe would block the CLI and change where a kill lands.
        output = ReadAsync(process.StandardOutput, outputSoFar);
        error = ReadAsync(process.StandardError, errorSoFar);
    }

    public int Pid => process.Id;

    /// <summary>Waits until the command has printed <paramref name="text"/> on standard output (for example that it
    /// is following), so that a signal sent next reaches the command and not a runtime still starting.</summary>
    /// <returns>False when it exited or <paramref name="timeout"/> passed first.</returns>
    public Task<bool> WaitForOutputAsync(string text, TimeSpan timeout) => WaitForAsync(outputSoFar, text, timeout);

    /// <summary>Waits until the command has printed <paramref name="text"/> on standard error (a progress or waiting
    /// line); false when it exited or <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitForErrorAsync(string text, TimeSpan timeout) => WaitForAsync(errorSoFar, text, timeout);

    private async Task<bool> WaitForAsync(System.Text.StringBuilder soFar, string text, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            lock (soFar)
            {
                if (soFar.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (process.HasExited)
            {
                return false;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return false;
    }

    private static async Task<string> ReadAsync(StreamReader reader, System.Text.StringBuilder soFar)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            lock (soFar)
            {
                soFar.Append(buffer, 0, read);
            }
        }

        lock (soFar)
        {
            return soFar.ToString();
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Sends SIGKILL (what <see cref="Process.Kill()"/> sends on Linux) and waits for the process to be gone.</summary>
    /// <returns>Whether the kill found the process still running (false: it had already exited by itself).</returns>
    public async Task<bool> KillAsync()
    {
        var running = !process.HasExited;
        if (running)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
                running = false;
            }
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return running;
    }

    /// <summary>Sends SIGTERM, which the CLI treats like Ctrl+C.</summary>
    public Task TerminateAsync() => ProcessRunner.RunCheckedAsync(
        "kill", ["-s", "TERM", Pid.ToString(CultureInfo.InvariantCulture)], ct: TestContext.Current.CancellationToken);

    /// <summary>Sends <paramref name="signal"/> (<see cref="PosixSignal.SIGTERM"/>, <see cref="PosixSignal.SIGINT"/>)
    /// to the command, as a terminal or a service manager would.</summary>
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

    /// <summary>Waits (at most five minutes) for the process to exit and returns what it printed.</summary>
    public Task<CliResult> WaitAsync() => WaitAsync(TimeSpan.FromMinutes(5));

    /// <summary>Waits for the process to exit by itself and returns what it printed.</summary>
    /// <exception cref="TimeoutException">It still runs after <paramref name="timeout"/> (it is then killed).</exception>
    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            await KillAsync();
            throw new TimeoutException(
                $"tracelab (pid {Pid}) still ran after {timeout.TotalSeconds} s; it printed:\n{await output}\n{await error}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await Task.WhenAll(output, error);
        process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
