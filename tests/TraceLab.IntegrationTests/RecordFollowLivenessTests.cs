using System.Runtime.InteropServices;
using Npgsql;
using TraceLab.Events;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Spool;
using TraceLab.Store;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab record --follow</c>, the real command, with a liveness check: a session of the real cluster whose
/// backend is gone without its end frame is marked ended abnormally, an idle live one is not.</summary>
public sealed class RecordFollowLivenessTests(TestCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("--server")]
    [InlineData("--abandon-after")]
    public async Task Record_follow_marks_a_session_whose_backend_vanished_and_leaves_an_idle_one_running(string check)
    {
        // Given an idle session whose backend is alive
        await using var idle = new NpgsqlConnection(cluster.Superuser("postgres"));
        await idle.OpenAsync(Ct);
        var live = await SessionIdAsync(idle);
        var liveFile = await WaitForBlocksAsync(live, f => f.Count > 0);

        // And a session whose backend exited, with its end frame cut off: as if it was killed
        string gone;
        await using (var victim = new NpgsqlConnection(cluster.Superuser("postgres")))
        {
            await victim.OpenAsync(Ct);
            gone = await SessionIdAsync(victim);
            await WaitForBlocksAsync(gone, f => f.Count > 0);
        }

        var goneFile = await WaitForBlocksAsync(gone, f => f.Any(b => b.Events.OfType<SessionEnded>().Any()));
        using var spool = new TempDirectory();
        File.Copy(Path.Combine(cluster.SpoolDirectory, live + SpoolFileReader.FileExtension), Path.Combine(spool.Path, live + SpoolFileReader.FileExtension));
        var cut = goneFile.First(b => b.Events.OfType<SessionEnded>().Any()).Offset;
        var bytes = await File.ReadAllBytesAsync(Path.Combine(cluster.SpoolDirectory, gone + SpoolFileReader.FileExtension), Ct);
        await File.WriteAllBytesAsync(Path.Combine(spool.Path, gone + SpoolFileReader.FileExtension), bytes[..(int)cut], Ct);
        liveFile.ShouldNotBeEmpty();

        // When record --follow runs with the check, into an event store of its own: other tests ingest the cluster's
        // spool directory into the shared one, and a session already ingested whole would leave nothing to judge
        var eventStore = await PrivateEventStoreAsync();
        string[] liveness = check == "--server" ? ["--server", cluster.Superuser("postgres")] : ["--abandon-after", "1"];
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = eventStore };
        await using var follow = CliProcess.Start(store, ["record", "--follow", "--spool", spool.Path, .. liveness]);
        if (!await follow.WaitForOutputAsync("1 sessions ended abnormally", TimeSpan.FromSeconds(90)))
        {
            follow.Signal(PosixSignal.SIGTERM);
            var stopped = await follow.WaitAsync();
            Assert.Fail($"record --follow never marked the session {gone} (live: {live}); it printed:\n{stopped.Output}\n{stopped.Error}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        follow.Signal(PosixSignal.SIGTERM);
        var ended = await follow.WaitAsync();

        // Then the vanished session ended abnormally with its frames kept, and the idle one still runs
        ended.ExitCode.ShouldBe(0, ended.Output + ended.Error);
        ended.Error.ShouldNotContain("   at ");
        await using var events = TraceLabStore.Create(eventStore);
        var reader = new RecordedSessionReader(events);
        (await reader.FindSessionAsync(gone, Ct)).ShouldNotBeNull().State.ShouldBe(SessionState.EndedAbnormally);
        (await reader.FindSessionAsync(live, Ct)).ShouldNotBeNull().State.ShouldBe(SessionState.Running);
        var frames = await reader.ReadEventsAsync(gone, Ct).ToListAsync(Ct);
        frames.Count.ShouldBe(goneFile.TakeWhile(b => b.Offset < cut).Sum(b => b.Events.Count) + 1);
        frames[^1].ShouldBeOfType<SessionEnded>().Abnormal.ShouldBeTrue();
    }

    /// <summary>A new database on the cluster for an event store, not recorded by the probe.</summary>
    private async Task<string> PrivateEventStoreAsync()
    {
        var name = "tl_liveness_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = new NpgsqlConnection(cluster.Superuser("postgres"));
        await admin.OpenAsync(Ct);
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin))
        {
            await create.ExecuteNonQueryAsync(Ct);
        }

        await using (var off = new NpgsqlCommand($"ALTER DATABASE {name} SET tracelab.enabled = off", admin))
        {
            await off.ExecuteNonQueryAsync(Ct);
        }

        return cluster.Superuser(name);
    }

    private static async Task<string> SessionIdAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "select pg_backend_pid(), (extract(epoch from backend_start) * 1000000)::int8, "
            + "(select system_identifier from pg_control_system()) from pg_stat_activity where pid = pg_backend_pid()",
            connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return new SessionId(reader.GetInt32(0), reader.GetInt64(1), unchecked((ulong)reader.GetInt64(2))).ToString();
    }

    /// <summary>Waits (at most 30 s) until the session's spool file holds blocks that satisfy
    /// <paramref name="condition"/>, and returns them.</summary>
    private async Task<List<SpoolBlock>> WaitForBlocksAsync(string sessionId, Func<List<SpoolBlock>, bool> condition)
    {
        var path = Path.Combine(cluster.SpoolDirectory, sessionId + SpoolFileReader.FileExtension);
        for (var i = 0; i < 300; i++)
        {
            if (File.Exists(path))
            {
                var blocks = new SpoolFileReader(path).ReadBlocks().ToList();
                if (condition(blocks))
                {
                    return blocks;
                }
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"The spool file of session {sessionId} did not get the expected blocks within 30 s.");
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("tracelab-liveness-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
