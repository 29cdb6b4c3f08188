using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JasperFx.Events;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Recorder.Hosting;
using TraceLab.Recorder.Spool;
using TraceLab.Replayer;
using TraceLab.Store;

namespace TraceLab.Benchmarks;

/// <summary>One measurement of the ingest benchmark, in a process of its own so that its peak memory (VmHWM) is its own.</summary>
/// <remarks>
/// Modes, each into a scratch schema that must not exist yet (or, for the read modes, that <c>exactly-once</c> filled):
/// <list type="bullet">
/// <item><c>exactly-once</c>: the Recorder's whole path (<c>tracelab record --once</c>): spool files read and decoded,
/// Wolverine handler, one transaction per batch with the checkpoint, the session view kept inline.</item>
/// <item><c>bulk</c>: Marten's own bulk insert (<c>BulkInsertEventsAsync</c>, binary COPY) of the same frames as one
/// event each, decoded beforehand (not timed).</item>
/// <item><c>copy</c>: a raw Npgsql binary COPY of the same frames, each serialized to JSON (timed), into a plain table.</item>
/// <item><c>replay</c>: every session of the schema replayed under the whole built-in catalog.</item>
/// <item><c>copy-out</c>: a raw binary <c>COPY … TO STDOUT</c> of every <c>mt_events</c> row of the schema.</item>
/// <item><c>decode</c>: only reading and decoding the spool files (for scale).</item>
/// <item><c>read</c>: every frame of the schema read through <see cref="RecordedSessionReader"/>, not replayed.</item>
/// </list>
/// Prints one line: <c>RESULT mode events bytes seconds peak-kB cpu-seconds</c>.
/// </remarks>
internal static class IngestMeasurement
{
    public const string ChildMode = "ingest-measure";

    public static async Task<int> RunChildAsync(string[] args)
    {
        var (mode, schema, spool) = (args[0], args[1], args.Length > 2 ? args[2] : "");
        var connection = ReplayMeasurement.Connection();
        // CPU time as well as wall time: on a shared machine the wall time of a pipeline on several threads says more
        // about the other processes than about the code.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        using var allocations = AllocationSampler.StartIfAsked();
        var (events, bytes, seconds) = mode switch
        {
            "exactly-once" => await ExactlyOnceAsync(connection, schema, spool),
            "bulk" => await BulkAsync(connection, schema, spool),
            "copy" => await CopyAsync(connection, schema, spool),
            "replay" => await ReplayAsync(connection, schema),
            "copy-out" => await CopyOutAsync(connection, schema),
            "decode" => Decode(spool),
            "read" => await ReadAsync(connection, schema),
            _ => throw new ArgumentException($"Unknown measurement \"{mode}\".", nameof(args)),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {mode} {events} {bytes} {seconds:F3} {ReplayMeasurement.PeakKilobytes()} {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3}"));
        // For whoever runs a measurement by hand: how much of it the garbage collector took.
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gc ({mode}): {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), {GC.GetTotalPauseDuration().TotalSeconds:F3} s paused, {GC.GetTotalAllocatedBytes() / 1e6:F0} MB allocated; jit ({mode}): {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods} methods compiled in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds:F3} s"));
        return 0;
    }

    /// <summary>Runs a child and parses its result.</summary>
    public static async Task<Result> RunAsync(string mode, string schema, string spool = "")
    {
        var f = await MeasurementProcess.RunAsync(mode, ChildMode, mode, schema, spool);
        return new Result(mode, long.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture),
            double.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture))
        {
            CpuSeconds = double.Parse(f[6], CultureInfo.InvariantCulture),
        };
    }

    private static async Task<(long, long, double)> ExactlyOnceAsync(string connection, string schema, string spool)
    {
        await using var recorder = await RecorderHost.StartAsync(
            o =>
            {
                o.EventStoreConnectionString = connection;
                o.SchemaName = schema;
                // The exactly-once path alone: the statistics daemon's replays of ended sessions are not ingest.
                o.KeepChainShapeStatistics = false;
            },
            l => l.SetMinimumLevel(LogLevel.Error));
        var clock = Stopwatch.StartNew();
        var summary = await recorder.Ingestor.IngestOnceAsync(spool);
        clock.Stop();
        if (summary.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The spool has errors: {summary.Errors[0].Message}");
        }

        return (summary.EventsAppended, SpoolBytes(spool), clock.Elapsed.TotalSeconds);
    }

    private static (long, long, double) Decode(string spool)
    {
        var clock = Stopwatch.StartNew();
        var frames = ReadSessions(spool).Sum(s => (long)s.Frames.Count);
        return (frames, SpoolBytes(spool), clock.Elapsed.TotalSeconds);
    }

    private static async Task<(long, long, double)> BulkAsync(string connection, string schema, string spool)
    {
        using var store = TraceLabStore.Create(connection, schema);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var sessions = ReadSessions(spool);
        var streams = sessions.Select(s => StreamAction.Start((IEventRegistry)store.Options.Events, s.Id, [.. s.Frames.Cast<object>()])).ToList();
        var clock = Stopwatch.StartNew();
        await store.BulkInsertEventsAsync(streams, 1000);
        clock.Stop();
        return (sessions.Sum(s => (long)s.Frames.Count), SpoolBytes(spool), clock.Elapsed.TotalSeconds);
    }

    private static async Task<(long, long, double)> CopyAsync(string connection, string schema, string spool)
    {
        var sessions = ReadSessions(spool);
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using (var create = new NpgsqlCommand(
            $"create schema {schema}; create table {schema}.raw_frames (stream text, seq bigint, type text, data jsonb)", db))
        {
            await create.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        long events = 0;
        await using (var copy = await db.BeginBinaryImportAsync(
            $"copy {schema}.raw_frames (stream, seq, type, data) from stdin (format binary)"))
        {
            foreach (var (id, frames) in sessions)
            {
                foreach (var frame in frames)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(id, NpgsqlDbType.Text);
                    await copy.WriteAsync(frame.Frame.Seq, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(frame.GetType().Name, NpgsqlDbType.Text);
                    await copy.WriteAsync(JsonSerializer.Serialize(frame, frame.GetType()), NpgsqlDbType.Jsonb);
                    events++;
                }
            }

            await copy.CompleteAsync();
        }

        clock.Stop();
        return (events, SpoolBytes(spool), clock.Elapsed.TotalSeconds);
    }

    private static async Task<(long, long, double)> ReplayAsync(string connection, string schema)
    {
        using var store = TraceLabStore.Create(connection, schema);
        var reader = new RecordedSessionReader(store);
        var ids = (await reader.ListSessionsAsync()).Select(s => s.SessionId).ToList();
        var progress = new ReplayMeasurement.LastProgress();
        var (jitMethods, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await new ReplayEngine(BuiltInPolicies.All).RunAsync(
            [.. ids.Select(id => new RecordedSession(id, reader.ReadEventsAsync(id)))],
            [new ReplayMeasurement.DiscardingWriter()],
            ReadAheadOptions(new ReplayOptions { Progress = progress }));
        clock.Stop();
        // For whoever runs it by hand: the CPU and the compiling of the timed replay alone (the RESULT line's CPU time
        // counts opening the store and listing the sessions too).
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timed replay: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3} s CPU; jit {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods} methods in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds:F3} s"));
        return (progress.Last?.EventsRead ?? 0, 0, clock.Elapsed.TotalSeconds);
    }

    /// <summary>TRACELAB_BENCH_READ_AHEAD=<c>batches,events</c> replays with another read-ahead than the default, to
    /// compare.</summary>
    private static ReplayOptions ReadAheadOptions(ReplayOptions options) =>
        Environment.GetEnvironmentVariable("TRACELAB_BENCH_READ_AHEAD")?.Split(',') is [var batches, var events]
            ? options with
            {
                ReadAhead = int.Parse(batches, CultureInfo.InvariantCulture),
                ReadAheadBatch = int.Parse(events, CultureInfo.InvariantCulture),
            }
            : options;

    private static async Task<(long, long, double)> ReadAsync(string connection, string schema)
    {
        using var store = TraceLabStore.Create(connection, schema);
        var reader = new RecordedSessionReader(store);
        var ids = (await reader.ListSessionsAsync()).Select(s => s.SessionId).ToList();
        var clock = Stopwatch.StartNew();
        long frames = 0;
        foreach (var id in ids)
        {
            await foreach (var frame in reader.ReadEventsAsync(id))
            {
                frames++;
            }
        }

        return (frames, 0, clock.Elapsed.TotalSeconds);
    }

    private static async Task<(long, long, double)> CopyOutAsync(string connection, string schema)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var buffer = new byte[1 << 16];
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        await using (var copy = await db.BeginRawBinaryCopyAsync($"copy (select * from {schema}.mt_events) to stdout (format binary)"))
        {
            int read;
            while ((read = await copy.ReadAsync(buffer.AsMemory(), CancellationToken.None)) > 0)
            {
                bytes += read;
            }
        }

        clock.Stop();
        return (0, bytes, clock.Elapsed.TotalSeconds);
    }

    private static List<(string Id, List<IRecordedFrame> Frames)> ReadSessions(string spool) =>
        [.. Directory.EnumerateFiles(spool, "*" + SpoolFileReader.FileExtension)
            .Order(StringComparer.Ordinal)
            .Select(f => (SpoolFileReader.SessionIdOf(f), new SpoolFileReader(f).ReadBlocks().SelectMany(b => b.Events).ToList()))];

    private static long SpoolBytes(string spool) =>
        Directory.EnumerateFiles(spool, "*" + SpoolFileReader.FileExtension).Sum(f => new FileInfo(f).Length);

    internal sealed record Result(string Mode, long Events, long Bytes, double Seconds, long PeakKilobytes)
    {
        /// <summary>CPU time of the measurement's process (all its threads) over the measurement, setup included.</summary>
        public double CpuSeconds { get; init; }

        public double Rate => Events / Seconds;

        public double PeakMegabytes => PeakKilobytes / 1024.0;
    }
}
