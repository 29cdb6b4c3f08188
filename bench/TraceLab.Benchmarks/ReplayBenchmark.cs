using System.Globalization;

namespace TraceLab.Benchmarks;

/// <summary>Issue 5's replay benchmark: the same events read from Marten without evaluating and replayed under the
/// whole built-in catalog, alternately, each in its own process; prints both rates, their ratio (target at least 0.70)
/// and the replay's peak memory (target under 300 MB for 10 million events).</summary>
internal static class ReplayBenchmark
{
    private const double RatioTarget = 0.70;
    private const double MemoryTargetMegabytes = 300;

    /// <summary>Arguments: events, rounds, schema; the event store's connection string comes from TRACELAB_CONNECTION
    /// (kept out of command lines, where other users could read its password).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var connection = ReplayMeasurement.Connection();
        var events = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var schema = args.Length > 2 ? args[2] : "bench_replay";
        var store = new BenchStore(connection, schema);
        var stored = await store.EnsureAsync(events, Console.Out, CancellationToken.None);

        var reads = new List<ReplayMeasurement.Result>();
        var replays = new List<ReplayMeasurement.Result>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in new[] { "read", "replay" })
            {
                var result = await ReplayMeasurement.RunAsync(mode, store, events);
                (mode == "read" ? reads : replays).Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1} {mode,-6}: {result.Events,12:N0} events {result.Seconds,8:F2} s {result.Rate,12:N0} events/s  peak {result.PeakMegabytes,6:F0} MB"));
            }
        }

        // For scale: the engine alone on the same sessions generated in memory (no event store, one thread).
        var engine = await ReplayMeasurement.RunAsync("engine", store, events);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine alone   : {engine.Events,12:N0} events {engine.Seconds,8:F2} s {engine.Rate,12:N0} events/s  peak {engine.PeakMegabytes,6:F0} MB"));

        var read = reads.MaxBy(r => r.Rate) ?? throw new InvalidOperationException("No rounds.");
        var replay = replays.MaxBy(r => r.Rate) ?? throw new InvalidOperationException("No rounds.");
        var ratio = replay.Rate / read.Rate;
        var peak = replays.Max(r => r.PeakMegabytes);
        var ok = ratio >= RatioTarget && replay.Events == stored && read.Events == stored
                 && (stored < 10_000_000 || peak < MemoryTargetMegabytes);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | replay benchmark ({stored:N0} events, {BenchStore.SessionIds(events).Count} sessions, {Environment.ProcessorCount} cores, best of {rounds}) | value |
            |---|---|
            | plain read from Marten (RecordedSessionReader) | {read.Rate:N0} events/s |
            | replay under all 8 built-in policies | {replay.Rate:N0} events/s ({replay.Operations:N0} operations) |
            | ratio replay / read (target >= {RatioTarget:F2}) | {ratio:F2} |
            | replay peak memory, VmHWM (target < {MemoryTargetMegabytes:F0} MB at 10M events) | {peak:F0} MB |
            | plain read peak memory, VmHWM | {reads.Max(r => r.PeakMegabytes):F0} MB |
            | engine alone, sessions generated in memory (no event store) | {engine.Rate:N0} events/s |
            | every round, replay / read | {string.Join(", ", reads.Zip(replays, (a, b) => (b.Rate / a.Rate).ToString("F2", CultureInfo.InvariantCulture)))} |
            """));
        return ok ? 0 : 1;
    }
}
