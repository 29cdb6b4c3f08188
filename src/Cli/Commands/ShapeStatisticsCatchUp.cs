using System.Globalization;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using TraceLab.Errors;
using TraceLab.Statistics;

namespace TraceLab.Cli.Commands;

/// <summary>What <c>record --once</c> does before it exits: lets the async daemon in its Recorder host bring the
/// chain-shape statistics up to the events just ingested, so that <c>tracelab shapes</c> shows them.</summary>
internal static class ShapeStatisticsCatchUp
{
    /// <summary>How long the daemon may make no progress before the command stops waiting (a daemon stopped by an
    /// error; the next record continues where it left off).</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(30);

    public static async Task WaitAsync(IServiceProvider services, TimeProvider time, CancellationToken cancellation)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var progress = await StatisticsCatchUp.WaitAsync(store, time, StallLimit, cancellation);
        if (progress.Behind > 0)
        {
            // A warning, not a failure: every event was ingested, only the statistics lag.
            ErrorPrinter.Write(
                Console.Error,
                ErrorSeverity.Warning,
                string.Create(CultureInfo.InvariantCulture, $"the chain-shape statistics are {progress.Behind} events behind"),
                string.Create(CultureInfo.InvariantCulture, $"The statistics made no progress for {StallLimit.TotalSeconds:0} seconds."),
                "The next \"tracelab record\" continues them; \"tracelab shapes\" shows how far behind they are.");
        }
    }
}
