using System.Diagnostics;
using System.Globalization;
using Npgsql;
using TraceLab.Events;
using TraceLab.Recorder.Frames;

namespace TraceLab.Benchmarks;

/// <summary>Decoding alone (<c>decode-stored SCHEMA [PASSES]</c>): every stored batch of the schema read into memory
/// first, then decoded through <see cref="StoredFrameSequence"/> on one thread, several passes, with the CPU time and
/// the bytes allocated per pass.</summary>
/// <remarks>The replay measurements share two cores among reading, decoding, building and judging, and the database
/// server: this one times the decoder without them, so that a change to it can be judged on a busy machine.</remarks>
internal static class StoredDecodeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var schema = args[0];
        var passes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var load = Stopwatch.StartNew();
        var batches = await LoadAsync(ReplayMeasurement.Connection(), schema);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loaded {batches.Count:N0} stored batches in {load.Elapsed.TotalSeconds:F3} s (the rows' query, as the reader sends it)"));
        for (var pass = 1; pass <= passes; pass++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long frames = 0;
            var sequence = new StoredFrameSequence();
            foreach (var batch in batches)
            {
                foreach (var frame in sequence.Frames(batch))
                {
                    frames++;
                }
            }

            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pass {pass}: {frames:N0} frames in {clock.Elapsed.TotalSeconds:F3} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3} s CPU), {frames / clock.Elapsed.TotalSeconds:N0} frames/s, {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6:F0} MB allocated"));
        }

        return 0;
    }

    private static async Task<List<FrameBatch>> LoadAsync(string connection, string schema)
    {
        var facts = new FrameBatchFacts(null, false, 0, 0, 0, new Dictionary<uint, string>());
        var batches = new List<FrameBatch>();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
             select (data->>'FirstSeq')::bigint, (data->>'LastSeq')::bigint, (data->>'FrameCount')::integer,
                    decode(data->>'Frames', 'base64')
             from {schema}.mt_events where type = 'frame_batch' order by stream_id, version
             """, db);
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            batches.Add(new FrameBatch(rows.GetInt64(0), rows.GetInt64(1), rows.GetInt32(2), (byte[])rows[3], facts));
        }

        return batches;
    }
}
