using System.Diagnostics;
using System.Globalization;
using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Replayer.Output;
using TraceLab.Store;

namespace TraceLab.Benchmarks;

/// <summary>One measurement, in a process of its own so that its peak memory (VmHWM) is its own: every session of the
/// scratch store read through <see cref="RecordedSessionReader"/> (the CLI's reader), either only read or replayed
/// under the whole built-in catalog with a writer that discards; or, for scale, the same sessions generated in memory and
/// replayed without the event store (<c>engine</c>).</summary>
internal static class ReplayMeasurement
{
    public const string ChildMode = "replay-measure";

    /// <summary>Runs in the child: prints one <c>RESULT</c> line.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (mode, connection, schema, events) = (args[0], Connection(), args[1], long.Parse(args[2], CultureInfo.InvariantCulture));
        using var store = TraceLabStore.Create(connection, schema);
        var reader = new RecordedSessionReader(store);
        var ids = BenchStore.SessionIds(events);
        var clock = Stopwatch.StartNew();
        long read = 0, operations = 0;
        if (mode == "engine")
        {
            // The engine alone: the same sessions generated in memory, no event store, no read-ahead thread.
            var progress = new LastProgress();
            var footer = await new ReplayEngine(BuiltInPolicies.All).RunAsync(
                [.. ids.Select((id, i) => new RecordedSession(id, SyntheticSessions.Session(i, events / ids.Count).ToAsyncEnumerable()))],
                [new DiscardingWriter()],
                new ReplayOptions { Progress = progress, ReadAhead = 0 });
            read = progress.Last?.EventsRead ?? 0;
            operations = footer.Summary.Operations;
        }
        else if (mode == "read")
        {
            foreach (var id in ids)
            {
                await foreach (var frame in reader.ReadEventsAsync(id))
                {
                    read++;
                }
            }
        }
        else
        {
            var progress = new LastProgress();
            var engine = new ReplayEngine(BuiltInPolicies.All);
            var footer = await engine.RunAsync(
                [.. ids.Select(id => new RecordedSession(id, reader.ReadEventsAsync(id)))],
                [new DiscardingWriter()],
                new ReplayOptions { Progress = progress });
            read = progress.Last?.EventsRead ?? 0;
            operations = footer.Summary.Operations;
        }

        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {mode} {read} {operations} {clock.Elapsed.TotalSeconds:F3} {PeakKilobytes()}"));
        return 0;
    }

    /// <summary>Runs a child for <paramref name="mode"/> and parses its result.</summary>
    public static async Task<Result> RunAsync(string mode, BenchStore store, long events)
    {
        var f = await MeasurementProcess.RunAsync(
            mode, ChildMode, mode, store.Schema, events.ToString(CultureInfo.InvariantCulture));
        return new Result(
            mode,
            long.Parse(f[2], CultureInfo.InvariantCulture),
            long.Parse(f[3], CultureInfo.InvariantCulture),
            double.Parse(f[4], CultureInfo.InvariantCulture),
            long.Parse(f[5], CultureInfo.InvariantCulture));
    }

    /// <summary>The event store's connection string, from TRACELAB_CONNECTION (children inherit it).</summary>
    public static string Connection() =>
        Environment.GetEnvironmentVariable("TRACELAB_CONNECTION") is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException("TRACELAB_CONNECTION is not set; run scripts/bench-replay.sh.");

    /// <summary>The process's peak resident set (VmHWM), in kB.</summary>
    internal static long PeakKilobytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    internal sealed record Result(string Mode, long Events, long Operations, double Seconds, long PeakKilobytes)
    {
        public double Rate => Events / Seconds;

        public double PeakMegabytes => PeakKilobytes / 1024.0;
    }

    internal sealed class LastProgress : IProgress<ReplayProgress>
    {
        public ReplayProgress? Last { get; private set; }

        public void Report(ReplayProgress value) => Last = value;
    }

    internal sealed class DiscardingWriter : IReportWriter
    {
        public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task EndAsync(ReportFooter footer, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
