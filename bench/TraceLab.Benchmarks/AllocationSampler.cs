using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace TraceLab.Benchmarks;

/// <summary>With TRACELAB_BENCH_ALLOCATIONS set, samples the runtime's allocation ticks (one per ~100 kB allocated)
/// by type, and prints the types that allocated most to standard error when disposed: where a measurement's
/// allocations come from, without a profiler.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> bytes = new(StringComparer.Ordinal);

    public static AllocationSampler? StartIfAsked() =>
        Environment.GetEnvironmentVariable("TRACELAB_BENCH_ALLOCATIONS") is { Length: > 0 } ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
        {
            return;
        }

        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(payload[names.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
        bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    public override void Dispose()
    {
        base.Dispose();
        var total = bytes.Values.Sum();
        foreach (var (type, sum) in bytes.OrderByDescending(p => p.Value).Take(40))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sum / 1e6,9:F1} MB {100.0 * sum / total,5:F1}% {type}"));
        }
    }
}
