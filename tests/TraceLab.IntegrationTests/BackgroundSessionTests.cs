using Npgsql;
using TraceLab.Events;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Sessions of processes that are not client backends: an autovacuum worker and a parallel worker.</summary>
public sealed class BackgroundSessionTests(TestCluster cluster) : IAsyncLifetime
{
    private ScenarioLab lab = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice", superuser: true);
        await lab.CreateRoleAsync("mallory");
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task An_autovacuum_worker_analysing_a_table_runs_its_index_expression_as_the_owner()
    {
        // Given a table whose every insert makes it due for auto-analyze, and an autovacuum that wakes every second
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.f_auto(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN i; END $$;
            CREATE TABLE {mallory}.t_auto(id integer)
                WITH (autovacuum_analyze_threshold = 1, autovacuum_analyze_scale_factor = 0);
            CREATE INDEX t_auto_expr ON {mallory}.t_auto ({mallory}.f_auto(id));
            """);
        await SetNaptimeAsync("1");
        try
        {
            await AnalyseAndCheckAsync();
        }
        finally
        {
            await SetNaptimeAsync(null);
        }
    }

    private async Task SetNaptimeAsync(string? seconds)
    {
        await using var admin = new NpgsqlConnection(cluster.Superuser("postgres") + ";Options=-c tracelab.enabled=off");
        await admin.OpenAsync(TestContext.Current.CancellationToken);
        var set = seconds is null ? "ALTER SYSTEM RESET autovacuum_naptime" : $"ALTER SYSTEM SET autovacuum_naptime = {seconds}";
        await using var command = new NpgsqlCommand($"{set}; SELECT pg_reload_conf()", admin);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task AnalyseAndCheckAsync()
    {

        var function = await lab.ScalarAsync<uint>("SELECT '{mallory}.f_auto(integer)'::regprocedure::oid");
        await lab.SetUpAsync("SET ROLE {mallory}; INSERT INTO {mallory}.t_auto SELECT generate_series(1, 100);");

        // When autovacuum has analysed it
        var analysed = false;
        for (var i = 0; i < 120 && !analysed; i++)
        {
            analysed = await lab.ScalarAsync<bool>(
                "SELECT coalesce(autoanalyze_count, 0) > 0 FROM pg_stat_user_tables WHERE relid = '{mallory}.t_auto'::regclass");
            if (!analysed)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }

        analysed.ShouldBeTrue("autovacuum did not analyse the table within a minute");

        // Then an autovacuum worker's session recorded the call under a maintenance root, as the owner. The statistics
        // can count the analysis before the worker's frames reach the spool (they are written when its transaction
        // ends), so the spool is ingested again until they are there.
        string? worker = null;
        for (var i = 0; i < 60 && worker is null; i++)
        {
            worker = await WorkerThatCalledAsync(function);
            if (worker is null)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }

        worker.ShouldNotBeNull("no autovacuum worker session recorded a call of the index expression");
        var call = (await lab.ReplayJsonAsync(worker)).First(o => o.Command() == "EXECUTE FUNCTION");
        call.Executor().ShouldBe(lab.Role("mallory"));
        var chain = call.Chain();
        chain[0].Kind.ShouldBe("maintenance");
        chain.ShouldContain(e => e.Kind == "index_expression");
    }

    /// <summary>The autovacuum worker session that recorded a call of <paramref name="function"/>, checked to be under a
    /// maintenance root in the maintenance phase; <c>null</c> when none is ingested yet.</summary>
    private async Task<string?> WorkerThatCalledAsync(uint function)
    {
        var sessions = await cluster.IngestAndListAsync(TestContext.Current.CancellationToken);
        foreach (var candidate in sessions.Where(s => s.BackendType == "autovacuum worker"))
        {
            var events = await lab.EventsAsync(candidate.SessionId);
            if (events.OfType<FunctionEntered>().Any(f => f.FunctionOid == function))
            {
                var maintenance = events.OfType<MaintenanceStarted>().First();
                maintenance.Kind.ShouldBe("autovacuum");
                maintenance.Activity.ShouldContain("t_auto");
                events.OfType<FunctionEntered>().First(f => f.FunctionOid == function).Phase.ShouldBe("maintenance");
                return candidate.SessionId;
            }
        }

        return null;
    }

    [Fact]
    public async Task A_parallel_worker_records_its_calls_in_a_session_tied_to_its_leader()
    {
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.f_par(i integer) RETURNS integer LANGUAGE plpgsql PARALLEL SAFE AS $$ BEGIN RETURN i; END $$;
            CREATE TABLE {mallory}.t_par(id integer); INSERT INTO {mallory}.t_par SELECT generate_series(1, 10);
            GRANT SELECT ON {mallory}.t_par TO PUBLIC;
            """);
        var function = await lab.ScalarAsync<uint>("SELECT '{mallory}.f_par(integer)'::regprocedure::oid");

        var leader = await lab.RunSessionAsync("alice",
            "SET force_parallel_mode = on", "SET parallel_leader_participation = off",
            "SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0",
            "SELECT {mallory}.f_par(id) FROM {mallory}.t_par");

        var leaderId = SessionId.Parse(leader);
        var leaderPid = leaderId.Pid;
        var sessions = await cluster.IngestAndListAsync(TestContext.Current.CancellationToken);
        var workers = new List<string>();
        var leaderStart = DateTimeOffset.UnixEpoch.AddTicks(leaderId.BackendStartUs * 10);
        foreach (var candidate in sessions.Where(s => s.BackendType == "background worker" && s.BackendStart >= leaderStart))
        {
            var events = await lab.EventsAsync(candidate.SessionId);
            var started = events.OfType<SessionStarted>().First();
            if (started.LeaderPid == leaderPid && started.WorkerType == "parallel worker")
            {
                workers.Add(candidate.SessionId);
                events.OfType<FunctionEntered>().ShouldContain(f => f.FunctionOid == function);
                events.OfType<StatementStarted>().First().Text.ShouldContain("f_par(id)");
            }
        }

        workers.ShouldNotBeEmpty("no parallel worker session of the leader was recorded");
        var calls = (await lab.ReplayJsonAsync(workers)).Where(o => o.Command() == "EXECUTE FUNCTION").ToList();
        calls.ShouldNotBeEmpty();
        calls.ShouldAllBe(c => c.Executor() == lab.Role("alice"));
    }
}
