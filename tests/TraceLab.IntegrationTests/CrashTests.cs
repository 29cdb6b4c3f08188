using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using TraceLab.Cli.Demo;
using TraceLab.Events;
using TraceLab.IntegrationTests.Support;
using TraceLab.Policies;
using TraceLab.Recorder.Spool;
using TraceLab.Replayer;

namespace TraceLab.IntegrationTests;

/// <summary>A backend killed with SIGKILL on a private cluster (the postmaster then restarts every backend): its file is
/// ingested to its last complete block, and once the server's new start file is there the session is reported as
/// ended abnormally; the files the probe writes are the server user's alone.</summary>
public sealed class CrashTests : IAsyncLifetime
{
    private const string Database = "crash";
    private PrivateCluster cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        cluster = await PrivateCluster.StartAsync("crash");
        await cluster.ExecuteAsync($"CREATE DATABASE {Database}");
        await cluster.ExecuteAsync("""
            CREATE TABLE t_crash(i integer);
            CREATE FUNCTION f_nap() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); END $$;
            """, Database);
    }

    public ValueTask DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task A_backend_killed_mid_transaction_is_ingested_to_its_last_block_and_listed_as_ended_abnormally_after_the_restart()
    {
        // Given a session that ended normally
        var normal = await cluster.RunSessionAsync("postgres", Database, "INSERT INTO t_crash VALUES (1)");

        // And a session killed in a function of an open transaction, after its first statements were written
        var (victim, written) = await KillInsideAFunctionAsync();

        // Then the postmaster restarted, leaving a second start file, and nothing more reached the victim's file
        await cluster.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        Directory.GetFiles(cluster.SpoolDirectory, "*" + ServerStartFileReader.FileExtension).Length.ShouldBe(2);
        var file = Path.Combine(cluster.SpoolDirectory, victim + SpoolFileReader.FileExtension);
        new FileInfo(file).Length.ShouldBe(written);

        // When the real tracelab command records the directory twice and lists the sessions
        await cluster.EnsureEventStoreAsync();
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };
        var record = await CliProcess.RunAsync(store, "record", "--spool", cluster.SpoolDirectory);
        var again = await CliProcess.RunAsync(store, "record", "--spool", cluster.SpoolDirectory);
        var json = await CliProcess.RunAsync(store, "sessions", "--format", "json");
        var table = await CliProcess.RunAsync(store, "sessions");

        // Then the first run ingested every complete block and marked the victim, the second did nothing
        record.ExitCode.ShouldBe(0, record.Output + record.Error);
        record.Output.ShouldContain("1 sessions ended abnormally");
        again.ExitCode.ShouldBe(0, again.Output + again.Error);
        again.Output.ShouldContain("ingested 0 events");
        again.Output.ShouldNotContain("abnormally");

        // And sessions tells the victim's abnormal end from the normal one's, in JSON and in the table
        json.ExitCode.ShouldBe(0, json.Error);
        using var listed = JsonDocument.Parse(json.Output);
        var rows = listed.RootElement.GetProperty("sessions").EnumerateArray()
            .ToDictionary(s => s.GetProperty("session").GetString()!, s => s);
        rows[victim].GetProperty("state").GetString().ShouldBe("ended_abnormally");
        rows[victim].GetProperty("dropped_frames").GetInt64().ShouldBe(0);
        rows[normal].GetProperty("state").GetString().ShouldBe("ended");
        table.ExitCode.ShouldBe(0, table.Error);
        table.Output.ShouldContain("dropped");
        table.Output.Split('\n').Single(l => l.Contains(victim, StringComparison.Ordinal)).ShouldContain("ended_abnormally");
        table.Output.Split('\n').Single(l => l.Contains(normal, StringComparison.Ordinal)).ShouldContain(" ended");

        // And the victim's stream is its file's frames, then one abnormal end that follows the last of them
        var events = await cluster.EventsAsync(victim);
        var frames = new SpoolFileReader(file).ReadBlocks().SelectMany(b => b.Events).ToList();
        events[..^1].Select(e => e.Frame.Seq).ShouldBe(frames.Select(f => f.Frame.Seq));
        events.OfType<StatementStarted>().ShouldContain(s => s.CommandTag == "INSERT");
        events.OfType<FunctionEntered>().ShouldBeEmpty("the call of f_nap was still in the backend's buffer");
        events.OfType<TransactionEnded>().ShouldBeEmpty("the transaction never ended");
        var end = events[^1].ShouldBeOfType<SessionEnded>();
        end.Abnormal.ShouldBeTrue();
        end.Frame.Seq.ShouldBe(frames[^1].Frame.Seq + 1);
        events.OfType<SessionEnded>().ShouldHaveSingleItem();

        // And the replay of the crashed session does not break on it
        var report = await new ReplayEngine(BuiltInPolicies.All).ReplayAsync([RecordedSession.FromFrames(victim, events)], Ct);
        report.Operations.ShouldContain(o => o.Operation.Command == "INSERT");
    }

    [Fact]
    public async Task Spool_files_and_server_start_files_are_private_to_the_servers_os_user()
    {
        var session = await cluster.RunSessionAsync("postgres", Database, "SELECT 1");

        string[] files =
        [
            Path.Combine(cluster.SpoolDirectory, session + SpoolFileReader.FileExtension),
            .. Directory.GetFiles(cluster.SpoolDirectory, "*" + ServerStartFileReader.FileExtension),
        ];

        files.Length.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var file in files)
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
            (await PrivateCluster.OwnerOfAsync(file)).ShouldBe(cluster.ServerUser, file);
        }
    }

    /// <summary>Opens a transaction, waits until its INSERT is in the spool file, then kills the backend with SIGKILL
    /// while it sleeps in a PL/pgSQL function; returns the session id and the file's length at the kill.</summary>
    private async Task<(string SessionId, long Written)> KillInsideAFunctionAsync()
    {
        string id;
        long written;
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString(Database, recorded: false)))
        await using (var victim = await cluster.OpenRecordedAsync(Database, applicationName: "victim"))
        {
            await admin.OpenAsync(Ct);
            id = await SessionIdentity.OfAsync(victim, admin, Ct);
            var file = Path.Combine(cluster.SpoolDirectory, id + SpoolFileReader.FileExtension);
            await ExecuteAsync(victim, "BEGIN");
            var begun = File.Exists(file) ? new FileInfo(file).Length : 0;
            await ExecuteAsync(victim, "INSERT INTO t_crash VALUES (2)");
            written = await WaitForGrowthAsync(file, begun);

            var sleeping = ExecuteAsync(victim, "SELECT f_nap()");
            await WaitForSleepAsync(admin, victim.ProcessID);
            written.ShouldBe(new FileInfo(file).Length, "the call of f_nap is not written yet");
            Process.GetProcessById(victim.ProcessID).Kill();
            await Should.ThrowAsync<Exception>(sleeping);
        }

        return (id, written);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>Waits for the idle flush (about a second after a top-level statement) to append to the file.</summary>
    private static async Task<long> WaitForGrowthAsync(string file, long from)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(file) && new FileInfo(file).Length > from)
            {
                await Task.Delay(100, Ct);
                return new FileInfo(file).Length;
            }

            await Task.Delay(50, Ct);
        }

        throw new InvalidOperationException($"{file} did not grow past {from} bytes within 5 s.");
    }

    private static async Task WaitForSleepAsync(NpgsqlConnection admin, int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var command = new NpgsqlCommand("SELECT wait_event FROM pg_stat_activity WHERE pid = $1", admin)
            {
                Parameters = { new() { Value = pid } },
            };
            if (await command.ExecuteScalarAsync(Ct) as string == "PgSleep")
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        throw new InvalidOperationException($"Backend {pid} did not reach pg_sleep within 5 s.");
    }
}
