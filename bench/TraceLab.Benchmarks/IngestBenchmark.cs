using System.Globalization;
using Npgsql;

namespace TraceLab.Benchmarks;

/// <summary>Issue 10's ingest benchmark: a directory of real spool files ingested along the Recorder's exactly-once path,
/// next to Marten's bulk insert and a raw COPY of the same frames, each in its own process and scratch schema, rounds
/// in rotating order; then the stored size per frame against the spool's, and replay of what was ingested against a raw
/// COPY out of the same rows.</summary>
/// <remarks>Prints the ratios the targets are stated in: exactly-once / bulk insert at least 1; stored bytes
/// per frame (whole <c>mt_events</c> rows) at most 3 times the spool's; replay at least 0.5 times the raw COPY out; the
/// Recorder's peak memory the same for one file as for the whole directory (independent of the backlog).</remarks>
internal static class IngestBenchmark
{
    private static readonly string[] IngestModes = ["exactly-once", "bulk", "copy"];

    /// <summary>Arguments: spool directory, rounds; the connection string comes from TRACELAB_CONNECTION.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var connection = ReplayMeasurement.Connection();
        var spool = args.Length > 0 ? args[0] : throw new ArgumentException("usage: ingest SPOOL_DIRECTORY [ROUNDS]");
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var schemas = new List<string>();
        try
        {
            var results = IngestModes.ToDictionary(m => m, _ => new List<IngestMeasurement.Result>());
            var lastSchema = new Dictionary<string, string>();
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < IngestModes.Length; i++)
                {
                    var mode = IngestModes[(round + i) % IngestModes.Length];
                    var schema = $"bench_ingest_{mode.Replace('-', '_')}_{round}";
                    await DropSchemaAsync(connection, schema);
                    schemas.Add(schema);
                    var result = await IngestMeasurement.RunAsync(mode, schema, spool);
                    results[mode].Add(result);
                    lastSchema[mode] = schema;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round + 1} {mode,-12}: {result.Events,12:N0} frames {result.Seconds,8:F2} s {result.Rate,12:N0} frames/s  peak {result.PeakMegabytes,6:F0} MB"));
                }
            }

            // Peak memory with a backlog of one file instead of the whole directory.
            var largest = Directory.EnumerateFiles(spool, "*.tlspool").MaxBy(f => new FileInfo(f).Length)
                ?? throw new InvalidOperationException($"{spool} holds no spool files.");
            var single = Path.Combine(Path.GetTempPath(), $"tracelab-bench-one-{Environment.ProcessId}");
            Directory.CreateDirectory(single);
            File.Copy(largest, Path.Combine(single, Path.GetFileName(largest)), overwrite: true);
            const string singleSchema = "bench_ingest_one_file";
            await DropSchemaAsync(connection, singleSchema);
            schemas.Add(singleSchema);
            var one = await IngestMeasurement.RunAsync("exactly-once", singleSchema, single);
            Directory.Delete(single, recursive: true);

            var stored = lastSchema["exactly-once"];
            var replays = new List<IngestMeasurement.Result>();
            var copies = new List<IngestMeasurement.Result>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var mode in round % 2 == 0 ? new[] { "replay", "copy-out" } : ["copy-out", "replay"])
                {
                    var result = await IngestMeasurement.RunAsync(mode, stored);
                    (mode == "replay" ? replays : copies).Add(result);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round + 1} {mode,-12}: {result.Events,12:N0} frames {result.Bytes,14:N0} bytes {result.Seconds,8:F2} s  peak {result.PeakMegabytes,6:F0} MB"));
                }
            }

            var frames = results["exactly-once"][0].Events;
            var spoolBytes = results["exactly-once"][0].Bytes;
            var (rowBytes, rows) = await RowBytesAsync(connection, stored);
            var (bulkRowBytes, bulkRows) = await RowBytesAsync(connection, lastSchema["bulk"]);
            double Best(string mode) => results[mode].Max(r => r.Rate);
            var exactlyOnce = Best("exactly-once");
            var replay = replays.Max(r => r.Rate);
            var copyOut = frames / copies.Min(r => r.Seconds);
            var storedRatio = rowBytes / (double)frames / (spoolBytes / (double)frames);
            var peak = results["exactly-once"].Max(r => r.PeakMegabytes);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                | ingest benchmark ({frames:N0} frames in {Directory.EnumerateFiles(spool, "*.tlspool").Count()} spool files, {spoolBytes / 1e6:F1} MB; {Environment.ProcessorCount} cores; best of {rounds}) | value |
                |---|---|
                | exactly-once path (Recorder: read, decode, Wolverine handler, batch + checkpoint per transaction) | {exactlyOnce:N0} frames/s |
                | Marten BulkInsertEventsAsync, one event per frame | {Best("bulk"):N0} frames/s |
                | raw Npgsql binary COPY, one JSON row per frame | {Best("copy"):N0} frames/s |
                | ratio exactly-once / Marten bulk insert (target >= 1) | {exactlyOnce / Best("bulk"):F2} |
                | ratio exactly-once / raw COPY | {exactlyOnce / Best("copy"):F2} |
                | spool bytes per frame | {spoolBytes / (double)frames:F1} |
                | stored bytes per frame, whole mt_events rows ({rows:N0} rows) | {rowBytes / (double)frames:F1} |
                | ratio stored / spool (target <= 3) | {storedRatio:F2} |
                | for comparison: one event per frame (bulk insert's rows) | {bulkRowBytes / (double)Math.Max(1, bulkRows):F1} bytes per frame, {bulkRowBytes / (double)spoolBytes:F2}x the spool |
                | replay of the ingested frames under all 8 built-ins | {replay:N0} frames/s |
                | raw binary COPY out of the same mt_events rows | {copyOut:N0} frames/s |
                | ratio replay / raw COPY out (target >= 0.5) | {replay / copyOut:F2} |
                | Recorder peak memory (VmHWM), whole directory / largest file alone | {peak:F0} MB / {one.PeakMegabytes:F0} MB |
                """));
            return exactlyOnce >= Best("bulk") && storedRatio <= 3 && replay >= 0.5 * copyOut ? 0 : 1;
        }
        finally
        {
            foreach (var schema in schemas)
            {
                await DropSchemaAsync(connection, schema);
            }
        }
    }

    private static async Task<(long Bytes, long Rows)> RowBytesAsync(string connection, string schema)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select coalesce(sum(pg_column_size(e.*)), 0)::bigint, count(*) from {schema}.mt_events e", db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task DropSchemaAsync(string connection, string schema)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand($"drop schema if exists {schema} cascade", db);
        await command.ExecuteNonQueryAsync();
    }
}
