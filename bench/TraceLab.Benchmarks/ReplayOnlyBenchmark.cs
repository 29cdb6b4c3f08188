using System.Globalization;
using Npgsql;

namespace TraceLab.Benchmarks;

/// <summary>The replay half of issue 10's ingest benchmark alone (<c>scripts/bench-ingest.sh --replay-only</c>): replay
/// of ingested frames under all 8 built-ins against a raw binary COPY out of the same <c>mt_events</c> rows, and the
/// frames only read (not replayed) for scale, each in its own process, on a schema kept between runs.</summary>
/// <remarks>The schema is filled along the exactly-once path from the spool directory given when it holds no events
/// yet, and kept, so that measuring a change to the reading side does not record and ingest again.</remarks>
internal static class ReplayOnlyBenchmark
{
    /// <summary>Arguments: schema, rounds, spool directory (used only when the schema is empty); the connection string
    /// comes from TRACELAB_CONNECTION.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var connection = ReplayMeasurement.Connection();
        var schema = args[0];
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var spool = args.Length > 2 ? args[2] : "";
        if (!await HasEventsAsync(connection, schema))
        {
            if (spool.Length == 0)
            {
                throw new ArgumentException($"Schema {schema} holds no events and no spool directory was given.");
            }

            var ingest = await IngestMeasurement.RunAsync("exactly-once", schema, spool);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingested {ingest.Events:N0} frames into {schema} in {ingest.Seconds:F2} s"));
        }

        var results = new Dictionary<string, List<IngestMeasurement.Result>>
        {
            ["replay"] = [], ["copy-out"] = [], ["read"] = [],
        };
        for (var round = 0; round < rounds; round++)
        {
            string[] order = round % 2 == 0 ? ["replay", "copy-out", "read"] : ["copy-out", "replay", "read"];
            foreach (var mode in order)
            {
                var result = await IngestMeasurement.RunAsync(mode, schema);
                results[mode].Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1} {mode,-9}: {result.Events,12:N0} frames {result.Bytes,14:N0} bytes {result.Seconds,8:F2} s ({result.CpuSeconds,6:F2} s CPU)  peak {result.PeakMegabytes,6:F0} MB"));
            }
        }

        var frames = results["replay"].Max(r => r.Events);
        var replay = results["replay"].Max(r => r.Rate);
        var read = results["read"].Max(r => r.Rate);
        var copyOut = frames / results["copy-out"].Min(r => r.Seconds);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | replay benchmark on {schema} ({frames:N0} frames; {Environment.ProcessorCount} cores; best of {rounds}) | value |
            |---|---|
            | replay of the ingested frames under all 8 built-ins | {replay:N0} frames/s |
            | frames read through RecordedSessionReader, not replayed | {read:N0} frames/s |
            | raw binary COPY out of the same mt_events rows | {copyOut:N0} frames/s |
            | ratio replay / raw COPY out (target >= 0.5) | {replay / copyOut:F2} |
            | every round, replay / raw COPY out | {string.Join(", ", results["replay"].Zip(results["copy-out"], (a, b) => (a.Rate / (frames / b.Seconds)).ToString("F2", CultureInfo.InvariantCulture)))} |
            | replay peak memory (VmHWM) | {results["replay"].Max(r => r.PeakMegabytes):F0} MB |
            """));
        return replay >= 0.5 * copyOut ? 0 : 1;
    }

    private static async Task<bool> HasEventsAsync(string connection, string schema)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select to_regclass(@table) is not null", db);
        command.Parameters.AddWithValue("table", $"{schema}.mt_events");
        if (!(bool)(await command.ExecuteScalarAsync() ?? false))
        {
            return false;
        }

        await using var count = new NpgsqlCommand($"select exists (select 1 from {schema}.mt_events)", db);
        return (bool)(await count.ExecuteScalarAsync() ?? false);
    }
}
