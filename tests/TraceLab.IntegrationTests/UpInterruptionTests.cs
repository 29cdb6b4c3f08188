using System.Globalization;
using System.Runtime.InteropServices;
using TraceLab.Cli.Cluster;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>A signal to <c>tracelab up</c> alone (as a service manager or CI sends it, not a terminal's Ctrl+C that
/// reaches the whole process group) stops the programs it started with it: the real command on a brand-new state
/// directory, interrupted while <c>initdb</c> runs.</summary>
public sealed class UpInterruptionTests : IAsyncLifetime
{
    private readonly ScratchClusterHome home = new("tracelab-up-interrupted-");
    private Dictionary<string, string> environment = null!;

    public ValueTask InitializeAsync()
    {
        environment = home.Environment;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => home.DisposeAsync();

    [Fact]
    public async Task Sigint_while_initdb_runs_stops_every_child_and_exits_with_130()
    {
        // Given up creating a cluster, caught while initdb runs
        await using var up = CliProcess.Start(environment, "up");
        var started = await ChildrenOnceOneIsAsync(up, "initdb", TimeSpan.FromMinutes(3));
        started.ShouldNotBeEmpty("initdb was never seen running under tracelab up");

        // When SIGINT reaches tracelab alone
        up.Signal(PosixSignal.SIGINT);
        var result = await up.WaitAsync(TimeSpan.FromMinutes(1));

        // Then it exits with 130, saying so, and none of the processes it had started is left
        result.ExitCode.ShouldBe(130, result.Output + result.Error);
        result.Error.ShouldContain("interrupted");
        started.Where(ProcessTree.IsAlive).Select(Describe).ShouldBeEmpty();

        // And no process runs on its state directory (the postgres of initdb's bootstrap included)
        var state = home.RealStateDirectory().ShouldNotBeNull();
        ProcessesMentioning(state).ShouldBeEmpty();
    }

    /// <summary>Waits until a descendant of <paramref name="cli"/> is named <paramref name="name"/>; returns every
    /// descendant at that moment, or nothing when it exited or the time passed first.</summary>
    private static async Task<IReadOnlyList<int>> ChildrenOnceOneIsAsync(RunningCli cli, string name, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!cli.HasExited && TimeProvider.System.GetUtcNow() < deadline)
        {
            var children = ProcessTree.Descendants(cli.Pid);
            if (children.Any(pid => Command(pid) == name))
            {
                return children;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return [];
    }

    private static string Describe(int pid) =>
        string.Create(CultureInfo.InvariantCulture, $"{pid} ({Command(pid)}) still runs");

    private static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<string> ProcessesMentioning(string path)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || !ProcessTree.IsAlive(pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(path, StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return found;
    }
}
