using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceLab.Distributed.Jobs;
using Wolverine.Postgresql;
using Wolverine.Runtime.Handlers;
using Wolverine.Transports;

namespace TraceLab.Distributed.Hosting;

/// <summary>Runs a worker: a node listening to the job queue through its durable inbox until cancelled.</summary>
public static class WorkerNode
{
    /// <summary>Replays jobs with <paramref name="setup"/>, <paramref name="concurrency"/> at a time, until
    /// <paramref name="cancellation"/> is cancelled; then leaves cleanly, releasing unfinished jobs to other workers.</summary>
    public static async Task RunAsync(string connectionString, WorkerSetup setup, int concurrency, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        await using var node = await NodeHost.StartAsync(
            connectionString,
            LogLevel.Warning,
            LogLevel.Warning,
            services =>
            {
                services.AddSingleton(setup);
                services.AddSingleton<ReplayWorker>();
            },
            options =>
            {
                JobQueueSetup.ConfigureWorker(options);
                options.Discovery.IncludeAssembly(typeof(ReplaySessionsHandler).Assembly);

                // A worker takes no more jobs at a time than it runs, so that the others get theirs; the buffering
                // limit stops its listener (Wolverine's back pressure, checked every 2 s) while twice as many are
                // queued. It must leave room above the queued jobs: inbox recovery (a dead worker's jobs) takes at
                // most the limit less the queued jobs less one, and a limit of one would recover nothing, ever.
                options.ListenToPostgresqlQueue(JobQueueSetup.Name)
                    .PollingInterval(JobQueueSetup.QueuePollingInterval)
                    .MaximumMessagesToReceive(concurrency)
                    .MaximumParallelMessages(concurrency)
                    .UseDurableInbox(new BufferingLimits(2 * concurrency + 1, concurrency));
            },
            cancellation);

        // Wolverine compiles a handler's adapter on its first message (about a second); compiled now, the first job of
        // the first run does not wait for it.
        node.Services.GetRequiredService<HandlerGraph>().HandlerFor<ReplaySessions>();
        setup.Activity.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worker \"{setup.Name}\" is waiting for replay jobs (concurrency {concurrency})"));
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The way a worker is meant to stop: SIGINT or SIGTERM.
        }
    }
}
