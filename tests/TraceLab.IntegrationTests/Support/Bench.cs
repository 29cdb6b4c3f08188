namespace TraceLab.IntegrationTests.Support;

/// <summary>A pgbench workload that runs user code at every step: a PL/pgSQL function call, and an INSERT into a
/// table whose PL/pgSQL trigger fills a column.</summary>
internal static class Bench
{
    public const string Database = "bench";

    /// <summary>Creates the database, its table, function and trigger (unrecorded), and the pgbench script; returns the
    /// script's path.</summary>
    public static async Task<string> CreateAsync(PrivateCluster cluster)
    {
        await cluster.ExecuteAsync($"CREATE DATABASE {Database}");
        await cluster.ExecuteAsync("""
            CREATE TABLE bench_rows(id bigserial PRIMARY KEY, v integer, note text);
            CREATE FUNCTION bench_double(i integer) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN i * 2; END $$;
            CREATE FUNCTION bench_note() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.note := 'row ' || NEW.v; RETURN NEW; END $$;
            CREATE TRIGGER bench_note BEFORE INSERT ON bench_rows FOR EACH ROW EXECUTE FUNCTION bench_note();
            """, Database);
        var script = Path.Combine(cluster.Root, "bench.sql");
        await File.WriteAllTextAsync(script, """
            \set v random(1, 1000)
            SELECT bench_double(:v);
            INSERT INTO bench_rows(v) VALUES (:v);

            """, TestContext.Current.CancellationToken);
        return script;
    }

    /// <summary>pgbench arguments: <paramref name="clients"/> clients for <paramref name="seconds"/> seconds, at most
    /// <paramref name="rate"/> transactions a second in all (0: as fast as it goes).</summary>
    public static string[] Arguments(string script, int seconds, int rate = 0, int clients = 2) =>
    [
        "-n", "-c", $"{clients}", "-j", $"{clients}", "-T", $"{seconds}", "-f", script,
        .. rate > 0 ? new[] { "-R", $"{rate}" } : [],
    ];
}
