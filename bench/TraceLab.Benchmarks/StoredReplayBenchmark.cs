using System.Diagnostics;
using System.Globalization;
using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Store;

namespace TraceLab.Benchmarks;

/// <summary>The replay engine alone on real frames (<c>replay-stored SCHEMA [PASSES] [from-store|read-store]</c>): every
/// session of the schema read through <see cref="RecordedSessionReader"/> into memory first, then replayed under the
/// whole built-in catalog on one thread (no read-ahead), several passes, with the wall and CPU time and the bytes
/// allocated per pass. <c>from-store</c> replays from the event store each pass instead, with the CLI's read-ahead;
/// <c>read-store</c> only reads from it.</summary>
/// <remarks>The replay measurement shares two cores among reading, building, judging and the database server, and runs
/// once, in a process that compiles as it goes: this one times building and judging without the others, in a first pass
/// (as a <c>tracelab replay</c> process runs it) and in later ones (steady state, for a profiler), so that a change to
/// them can be judged on a busy machine.</remarks>
internal static class StoredReplayBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var schema = args[0];
        var passes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var fromStore = args.Length > 2 && args[2] == "from-store";
        var readOnly = args.Length > 2 && args[2] == "read-store";
        using var store = TraceLabStore.Create(ReplayMeasurement.Connection(), schema);
        var reader = new RecordedSessionReader(store);
        var sessions = new List<(string Id, List<IRecordedFrame> Frames)>();
        var load = Stopwatch.StartNew();
        foreach (var session in await reader.ListSessionsAsync())
        {
            var frames = new List<IRecordedFrame>();
            await foreach (var frame in reader.ReadEventsAsync(session.SessionId))
            {
                frames.Add(frame);
            }

            sessions.Add((session.SessionId, frames));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loaded {sessions.Sum(s => s.Frames.Count):N0} frames of {sessions.Count} sessions in {load.Elapsed.TotalSeconds:F3} s"));
        // TRACELAB_BENCH_ALLOCATIONS: what the passes allocate, by type (not the loading).
        using var allocations = AllocationSampler.StartIfAsked();
        for (var pass = 1; pass <= passes; pass++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var progress = new ReplayMeasurement.LastProgress();
            if (readOnly)
            {
                long read = 0;
                foreach (var session in sessions)
                {
                    await foreach (var frame in reader.ReadEventsAsync(session.Id))
                    {
                        read++;
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pass {pass}: {read:N0} frames read in {clock.Elapsed.TotalSeconds:F3} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3} s CPU), {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} MB allocated"));
                continue;
            }

            var footer = fromStore
                ? await new ReplayEngine(BuiltInPolicies.All).RunAsync(
                    [.. sessions.Select(s => new RecordedSession(s.Id, reader.ReadEventsAsync(s.Id)))],
                    [new ReplayMeasurement.DiscardingWriter()],
                    new ReplayOptions { Progress = progress })
                : await new ReplayEngine(BuiltInPolicies.All).RunAsync(
                    [.. sessions.Select(s => new RecordedSession(s.Id, s.Frames.ToAsyncEnumerable()))],
                    [new ReplayMeasurement.DiscardingWriter()],
                    new ReplayOptions { Progress = progress, ReadAhead = 0 });
            clock.Stop();
            var frames = progress.Last?.EventsRead ?? 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pass {pass}: {frames:N0} frames, {footer.Summary.Operations:N0} operations in {clock.Elapsed.TotalSeconds:F3} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3} s CPU), {frames / clock.Elapsed.TotalSeconds:N0} frames/s, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} MB allocated"));
        }

        return 0;
    }
}
