namespace TraceLab.IntegrationTests.Support;

/// <summary>Real <c>tracelab worker</c> processes on one event store, killed if a test ends before it stops them.</summary>
internal sealed class ReplayWorkers(IReadOnlyList<RunningCli> workers) : IAsyncDisposable
{
    public IReadOnlyList<RunningCli> Workers => workers;

    /// <summary>Starts workers named <paramref name="names"/> on the store <paramref name="environment"/> names and waits
    /// until each is listening, so that a replay started next finds them.</summary>
    public static async Task<ReplayWorkers> StartAsync(
        IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> names, params string[] options)
    {
        var group = new ReplayWorkers([.. names.Select(n => CliProcess.Start(environment, ["worker", "--name", n, .. options]))]);
        try
        {
            foreach (var worker in group.Workers)
            {
                (await worker.WaitForOutputAsync("is waiting for replay jobs", TimeSpan.FromSeconds(60)))
                    .ShouldBeTrue("a worker did not start: " + (worker.HasExited ? (await worker.WaitAsync()).Error : "still starting"));
            }
        }
        catch
        {
            // The test never gets the group to dispose: the workers that did start would outlive it.
            await group.DisposeAsync();
            throw;
        }

        return group;
    }

    /// <summary>Stops the workers with SIGTERM and checks that each ended cleanly; returns what each printed.</summary>
    public async Task<List<string>> StopAsync()
    {
        var outputs = new List<string>();
        foreach (var worker in workers)
        {
            await worker.TerminateAsync();
        }

        foreach (var worker in workers)
        {
            var result = await worker.WaitAsync(TimeSpan.FromSeconds(60));
            result.ExitCode.ShouldBe(0, result.Error);
            result.Error.ShouldNotContain("   at ");
            outputs.Add(result.Output);
        }

        return outputs;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }
}
