using Marten;

namespace TraceLab.Statistics;

/// <summary>How far the daemon has brought the chain-shape statistics: the last event sequence the projection has
/// processed, against the highest in the store.</summary>
public sealed record StatisticsProgress(long Processed, long Highest)
{
    /// <summary>Events appended that the statistics do not reflect yet.</summary>
    public long Behind => Math.Max(0, Highest - Processed);

    /// <summary>Reads the progress without creating anything: a store without events or a daemon that never ran reads
    /// as 0.</summary>
    public static async Task<StatisticsProgress> ReadAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var processed = await TableExistsAsync(session, "mt_event_progression", cancellationToken)
            ? await ScalarAsync(session, $"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name = ?",
                cancellationToken, ChainShapeStatisticsStore.ShardIdentity)
            : 0;
        var highest = await TableExistsAsync(session, "mt_events", cancellationToken)
            ? await ScalarAsync(session, $"select coalesce(max(seq_id), 0) from {schema}.mt_events", cancellationToken)
            : 0;
        return new StatisticsProgress(processed, highest);
    }

    /// <summary>Whether the event store's schema holds <paramref name="table"/>.</summary>
    public static async Task<bool> TableExistsAsync(IQuerySession session, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var found = await session.AdvancedSql.QueryAsync<bool>(
            "select to_regclass(?) is not null", cancellationToken, $"{schema}.{table}");
        return found.Count > 0 && found[0];
    }

    private static async Task<long> ScalarAsync(IQuerySession session, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        var rows = await session.AdvancedSql.QueryAsync<long>(sql, cancellationToken, parameters);
        return rows.Count > 0 ? rows[0] : 0;
    }
}
