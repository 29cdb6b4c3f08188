using System.Globalization;
using Npgsql;
using TraceLab.Store;

namespace TraceLab.Benchmarks;

/// <summary>The scratch event store the replay benchmark reads: TraceLab's Marten configuration in a schema of its own,
/// filled once with synthetic sessions and reused while it holds the same sessions.</summary>
internal sealed class BenchStore(string connectionString, string schema)
{
    /// <summary>Frames per session: long sessions, as a day of one application's connection would be.</summary>
    public const long FramesPerSession = 100_000;

    public string ConnectionString => connectionString;

    public string Schema => schema;

    /// <summary>The session ids for a trace of <paramref name="events"/> events.</summary>
    public static IReadOnlyList<string> SessionIds(long events) =>
        [.. Enumerable.Range(0, (int)Math.Max(1, (events + FramesPerSession - 1) / FramesPerSession)).Select(SyntheticSessions.IdOf)];

    /// <summary>Appends the synthetic trace unless the schema already holds exactly its sessions; returns the number of
    /// events stored.</summary>
    public async Task<long> EnsureAsync(long events, TextWriter log, CancellationToken cancellationToken)
    {
        var ids = SessionIds(events);
        var (streams, stored) = await CountAsync(cancellationToken);
        if (streams == ids.Count && stored >= events)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reusing {stored:N0} events in {streams} sessions (schema {schema})"));
            return stored;
        }

        await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE", cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"appending {events:N0} events in {ids.Count} sessions to schema {schema} ..."));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var store = TraceLabStore.Create(connectionString, schema);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var perSession = events / ids.Count;
        // Sessions are independent streams: a few writers append side by side, each in batches of 1,000 events.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var batch = new List<object>(1_000);
                foreach (var frame in SyntheticSessions.Session(index, perSession))
                {
                    batch.Add(frame);
                    if (batch.Count == 1_000)
                    {
                        await AppendAsync(store, ids[index], batch, ct);
                    }
                }

                await AppendAsync(store, ids[index], batch, ct);
            });
        (_, stored) = await CountAsync(cancellationToken);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"appended {stored:N0} events in {clock.Elapsed.TotalSeconds:F1} s ({stored / clock.Elapsed.TotalSeconds:N0} events/s)"));
        return stored;
    }

    private static async Task AppendAsync(Marten.DocumentStore store, string id, List<object> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await using var session = store.LightweightSession();
        session.Events.Append(id, [.. batch]);
        await session.SaveChangesAsync(ct);
        batch.Clear();
    }

    private async Task<(long Streams, long Events)> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("t", schema + ".mt_streams");
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return (0, 0);
        }

        await using var count = new NpgsqlCommand($"SELECT count(*), coalesce(sum(version), 0)::bigint FROM {schema}.mt_streams", connection);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
