using System.Globalization;
using Npgsql;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Hosting;
using TraceLab.Recorder.Spool;
using TraceLab.Store;

namespace TraceLab.IntegrationTests;

/// <summary>Issue 10, exactly once through any crash: the real <c>tracelab record</c> process, killed with SIGKILL at
/// random moments of a large ingest (hundreds of thousands of frames pgbench made the probe write) and restarted,
/// stores every frame of every spool file exactly once, in order, unchanged, and nothing else.</summary>
/// <remarks>
/// <para>Each test has a private cluster, so its spool directory holds only its own sessions and its event store
/// (the cluster's own <c>tracelab_events</c> database) only what its recorders wrote. The kill moments come from a
/// seeded <see cref="Random"/>; the seed is in every failure message, and <c>TRACELAB_KILL_SEED</c> runs the test
/// again with the same delays (where they land still depends on how fast the machine is at the time).</para>
/// <para>A moment is random, so a kill may land before the recorder appended anything (while .NET, Marten or
/// Wolverine start), between two batches, or inside a transaction. The tests require that enough kills landed while
/// events were being appended, so that they cannot pass without having killed an ingest in its middle.</para>
/// </remarks>
public sealed class RecorderKillTests
{
    private const string Application = "kill-bench";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Record_once_killed_at_random_moments_and_restarted_stores_every_frame_exactly_once()
    {
        var seed = Seed();
        var random = new Random(seed);
        var clock = new Timeline();
        await using var cluster = await PrivateCluster.StartAsync("kill-once");
        var total = await WriteLargeSpoolAsync(cluster);
        clock.Mark("cluster and pgbench");
        // Batches of 1,000 frames rather than 10,000: the spool is then hundreds of checkpoint commits rather than
        // about 32, so that the kills land while frames remain and after the store grew, not between two of few commits.
        var store = new Dictionary<string, string>
        {
            ["TRACELAB_CONNECTION"] = cluster.EventStore,
            [RecorderOptions.MaxEventsPerBatchVariable] = "1000",
        };
        var kills = new List<Kill>();

        // When record --once is killed at random moments, and started again after each kill
        for (var i = 0; i < 5; i++)
        {
            await using var recorder = CliProcess.Start(store, "record", "--once", "--spool", cluster.SpoolDirectory);
            // The first kill comes at any moment from the start, before the test reads the store: the first recorder
            // creates the schema itself and may be killed while it does. The others wait until the recorder appends.
            var kill = await KillAtRandomMomentAsync(recorder, random, cluster, fromStart: i == 0);
            kills.Add(kill);
            if (!kill.Running)
            {
                break; // it finished before its kill; the last run still follows
            }
        }

        clock.Mark("killed runs");

        // And finally left to finish
        var sessions = (await cluster.RecorderAsync()).Sessions;
        var before = await StoredAsync(sessions);
        var last = await CliProcess.RunAsync(store, "record", "--once", "--spool", cluster.SpoolDirectory);
        clock.Mark("last run");
        var again = await CliProcess.RunAsync(store, "record", "--once", "--spool", cluster.SpoolDirectory);

        // Then the last run appended exactly what the killed ones had not, and a further run nothing
        var context = Describe(seed, total, kills);
        TestContext.Current.TestOutputHelper?.WriteLine(context + clock);
        last.ExitCode.ShouldBe(0, context + last.Output + last.Error);
        last.Output.ShouldContain($"ingested {total - before} events from ", Case.Sensitive, context + last.Output);
        again.ExitCode.ShouldBe(0, context + again.Output + again.Error);
        again.Output.ShouldContain("ingested 0 events from 0 of ", Case.Sensitive, context + again.Output);

        // And the store holds every frame of every spool file exactly once, in order, and nothing else
        (await SpoolComparison.CompareAsync(cluster.SpoolDirectory, sessions, Ct)).ShouldMatchExactly(context);
        clock.Mark("comparison");
        TestContext.Current.TestOutputHelper?.WriteLine(clock.ToString());
        // in batches of one 64 kB spool block (about 1,400 frames), as the recorders were told, not of 10,000 frames
        (await StoredRowsAsync(cluster)).ShouldBeGreaterThan(total / 4000, "record should honour " + RecorderOptions.MaxEventsPerBatchVariable + "; " + context);
        ShouldHaveKilledMidIngest(kills, total, 3, context);
    }

    [Fact]
    public async Task Record_follow_killed_at_random_moments_while_pgbench_writes_and_restarted_stores_every_frame_exactly_once()
    {
        var seed = Seed();
        var random = new Random(seed);
        var clock = new Timeline();
        await using var cluster = await PrivateCluster.StartAsync("kill-follow");
        var script = await Bench.CreateAsync(cluster);
        await cluster.EnsureEventStoreAsync();
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };
        string[] follow = ["record", "--follow", "--spool", cluster.SpoolDirectory];
        var kills = new List<Kill>();
        clock.Mark("cluster");

        // When record --follow is killed at random moments while pgbench writes, and started again after each kill
        var run = cluster.PgbenchAsync(Bench.Database, Application, Bench.Arguments(script, seconds: 14, rate: 2200));
        var follower = CliProcess.Start(store, follow);
        try
        {
            while (!run.IsCompleted)
            {
                var kill = await KillAtRandomMomentAsync(follower, random, cluster, fromStart: kills.Count == 0);
                kills.Add(kill);
                // A follower ends only when stopped: one that exited by itself failed, and says why.
                kill.Running.ShouldBeTrue($"record --follow exited before its kill:\n{kill.Output}");
                follower = CliProcess.Start(store, follow);
            }

            var bench = await run;
            bench.ShouldHaveFailedNothing();
            await WaitForSessionsToEndAsync(cluster);
            var total = CountFrames(cluster.SpoolDirectory);
            clock.Mark("pgbench with killed followers");

            // And again while it catches up with what pgbench wrote, until it has been killed five times in all
            var sessions = (await cluster.RecorderAsync()).Sessions;
            do
            {
                kills.Add(await KillAtRandomMomentAsync(follower, random, cluster, fromStart: false));
                follower = CliProcess.Start(store, follow);
            }
            while (kills.Count < 5 && await StoredAsync(sessions) < total);

            // And stopped with SIGTERM once it has caught up
            var caughtUp = await WaitForStoredAsync(sessions, total, TimeSpan.FromSeconds(120));
            // A signal before .NET has registered its handlers would end the process the default way (143, nothing
            // printed): stop the follower once it says it follows.
            (await follower.WaitForOutputAsync("following ", TimeSpan.FromSeconds(120))).ShouldBeTrue("record --follow never started following");
            await follower.TerminateAsync();
            var stopped = await follower.WaitAsync(TimeSpan.FromSeconds(30));
            clock.Mark("catching up");
            var again = await CliProcess.RunAsync(store, "record", "--once", "--spool", cluster.SpoolDirectory);

            // Then the follower caught up and stopped cleanly, and a run after it finds nothing left to ingest
            var context = Describe(seed, total, kills);
            TestContext.Current.TestOutputHelper?.WriteLine(context + clock);
            total.ShouldBeGreaterThan(100_000, "pgbench should make the probe write a large spool; " + context);
            stopped.ExitCode.ShouldBe(0, context + stopped.Output + stopped.Error);
            again.ExitCode.ShouldBe(0, context + again.Output + again.Error);
            again.Output.ShouldContain("ingested 0 events from 0 of ", Case.Sensitive, context + again.Output);

            // And the store holds every frame of every spool file exactly once, in order, and nothing else
            (await SpoolComparison.CompareAsync(cluster.SpoolDirectory, sessions, Ct)).ShouldMatchExactly(context);
            clock.Mark("comparison");
            TestContext.Current.TestOutputHelper?.WriteLine(clock.ToString());
            caughtUp.ShouldBe(total, $"the follower should have stored every frame within 120 s; {context}");
            ShouldHaveKilledMidIngest(kills, total, 2, context);
        }
        finally
        {
            await follower.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_recorders_on_one_directory_killed_at_random_moments_store_every_frame_exactly_once()
    {
        var seed = Seed();
        var random = new Random(seed);
        var clock = new Timeline();
        await using var cluster = await PrivateCluster.StartAsync("kill-two");
        var total = await WriteLargeSpoolAsync(cluster);
        clock.Mark("cluster and pgbench");
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };
        string[] once = ["record", "--once", "--spool", cluster.SpoolDirectory];
        var kills = new List<Kill>();

        // When two record --once run on the same directory (they race for every checkpoint: the design lets several
        // recorders share one), and one of them, chosen at random, is killed at a random moment and started again,
        // four times. A recorder that loses a race has its transaction rolled back, which is also where Marten may
        // leave bookkeeping (its mt_tombstone stream) that must not be listed as a session.
        RunningCli[] recorders = [CliProcess.Start(store, once), CliProcess.Start(store, once)];
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var victim = random.Next(2);
                kills.Add(await KillAtRandomMomentAsync(recorders[victim], random, cluster, fromStart: i == 0));
                recorders[victim] = CliProcess.Start(store, once);
            }

            // And both are then left to finish
            var results = await Task.WhenAll(recorders.Select(r => r.WaitAsync(TimeSpan.FromSeconds(120))));
            clock.Mark("two recorders, killed and left to finish");
            var again = await CliProcess.RunAsync(store, once);

            // Then both ended without an error, and a run after them finds nothing left to ingest
            var context = Describe(seed, total, kills);
            TestContext.Current.TestOutputHelper?.WriteLine(context + clock);
            foreach (var result in results)
            {
                result.ExitCode.ShouldBe(0, context + result.Output + result.Error);
            }

            again.ExitCode.ShouldBe(0, context + again.Output + again.Error);
            again.Output.ShouldContain("ingested 0 events from 0 of ", Case.Sensitive, context + again.Output);

            // And the store holds every frame of every spool file exactly once, in order, and nothing else
            var sessions = (await cluster.RecorderAsync()).Sessions;
            (await SpoolComparison.CompareAsync(cluster.SpoolDirectory, sessions, Ct)).ShouldMatchExactly(context);
            clock.Mark("comparison");
            TestContext.Current.TestOutputHelper?.WriteLine(clock.ToString());
            ShouldHaveKilledMidIngest(kills, total, 2, context);
        }
        finally
        {
            foreach (var recorder in recorders)
            {
                await recorder.DisposeAsync();
            }
        }
    }

    /// <summary>Makes pgbench write a large spool on <paramref name="cluster"/>, waits until its sessions have ended,
    /// creates the (empty) event-store database, and returns the frames written.</summary>
    private static async Task<long> WriteLargeSpoolAsync(PrivateCluster cluster)
    {
        var script = await Bench.CreateAsync(cluster);
        // A fixed number of transactions rather than a duration, so that the ingest is as large on a slow machine.
        var bench = await cluster.PgbenchAsync(Bench.Database, Application, "-n", "-c", "2", "-j", "2", "-t", "16000", "-f", script);
        bench.ShouldHaveFailedNothing();
        await WaitForSessionsToEndAsync(cluster);
        var total = CountFrames(cluster.SpoolDirectory);
        total.ShouldBeGreaterThan(150_000, "pgbench should make the probe write a large spool");
        await cluster.EnsureEventStoreAsync();
        return total;
    }

    /// <summary>Kills <paramref name="recorder"/> with SIGKILL at a random moment and reports where it landed.</summary>
    /// <param name="fromStart">True: the moment is 0.3–5 s after the start, wherever the recorder is then (starting
    /// .NET, creating the schema, appending), and the store is not read before the kill. False: 0–0.4 s after the
    /// store first grew under this recorder, so that the kill lands while it appends (on a loaded machine the start
    /// alone takes seconds).</param>
    private static async Task<Kill> KillAtRandomMomentAsync(RunningCli recorder, Random random, PrivateCluster cluster, bool fromStart)
    {
        var started = TimeProvider.System.GetTimestamp();
        if (fromStart)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 5000)), Ct);
        }
        else
        {
            var sessions = (await cluster.RecorderAsync()).Sessions;
            var stored = await StoredAsync(sessions);
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
            while (!recorder.HasExited && await StoredAsync(sessions) == stored && TimeProvider.System.GetUtcNow() < deadline)
            {
                // Each look reads the store's listing: not so often that the test takes the recorder's CPU.
                await Task.Delay(100, Ct);
            }

            // Ingest runs at tens of thousands of frames a second in batches of 10,000: the whole spool takes a few
            // seconds, so the kill follows the first growth closely to land while frames remain.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 400)), Ct);
        }

        var after = TimeProvider.System.GetElapsedTime(started);
        var running = await recorder.KillAsync();
        var result = await recorder.WaitAsync(TimeSpan.FromSeconds(5));
        await recorder.DisposeAsync();
        // The cluster keeps one reading host, started here at the latest.
        var now = await StoredAsync((await cluster.RecorderAsync()).Sessions);
        return new Kill(after, fromStart, running, now, result.Output + result.Error);
    }

    /// <summary>The seed of this run: <c>TRACELAB_KILL_SEED</c> when set (to replay a failure), else a new one.</summary>
    private static int Seed()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TRACELAB_KILL_SEED"), CultureInfo.InvariantCulture, out var s)
            ? s
            : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"kill seed {seed}");
        return seed;
    }

    /// <summary>The frames of every spool file of <paramref name="spool"/>, in all.</summary>
    private static long CountFrames(string spool) =>
        Directory.GetFiles(spool, "*" + SpoolFileReader.FileExtension)
            .Sum(f => new SpoolFileReader(f).ReadBlocks().Sum(b => (long)b.Events.Count));

    /// <summary>The events stored for every listed session, in all.</summary>
    private static async Task<long> StoredAsync(RecordedSessionReader sessions) =>
        (await sessions.ListSessionsAsync(Ct)).Sum(s => s.EventCount);

    /// <summary>The rows of the event store's events table: one per stored batch or event.</summary>
    private static async Task<long> StoredRowsAsync(PrivateCluster cluster)
    {
        await using var db = new NpgsqlConnection(cluster.EventStore);
        await db.OpenAsync(Ct);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {TraceLabStore.DefaultSchemaName}.mt_events", db);
        return (long)(await command.ExecuteScalarAsync(Ct) ?? 0L);
    }

    /// <summary>Waits until <paramref name="total"/> events are stored, or <paramref name="timeout"/> passed; returns the
    /// count last seen.</summary>
    private static async Task<long> WaitForStoredAsync(RecordedSessionReader sessions, long total, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        var stored = await StoredAsync(sessions);
        while (stored < total && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(500, Ct);
            stored = await StoredAsync(sessions);
        }

        return stored;
    }

    /// <summary>Waits until pgbench's backends have exited, so that their spool files are complete and no longer grow.</summary>
    private static async Task WaitForSessionsToEndAsync(PrivateCluster cluster)
    {
        await using var admin = new NpgsqlConnection(cluster.ConnectionString(recorded: false));
        await admin.OpenAsync(Ct);
        for (var i = 0; i < 200; i++)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", admin)
            {
                Parameters = { new() { Value = Application } },
            };
            if ((long)(await command.ExecuteScalarAsync(Ct) ?? 0L) == 0)
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        throw new InvalidOperationException("pgbench's backends did not exit within 10 s.");
    }

    /// <summary>Asserts that at least <paramref name="atLeast"/> kills hit a recorder while it was appending: events
    /// were stored since the kill before, and not all of them yet.</summary>
    private static void ShouldHaveKilledMidIngest(List<Kill> kills, long total, int atLeast, string context)
    {
        var previous = 0L;
        var midIngest = 0;
        foreach (var kill in kills)
        {
            if (kill.Running && kill.Stored > previous && kill.Stored < total)
            {
                midIngest++;
            }

            previous = kill.Stored;
        }

        midIngest.ShouldBeGreaterThanOrEqualTo(atLeast, $"too few kills landed in the middle of an ingest to test anything; {context}");
    }

    private static string Describe(int seed, long total, List<Kill> kills) =>
        string.Create(CultureInfo.InvariantCulture,
            $"seed {seed} (TRACELAB_KILL_SEED={seed} repeats its delays), {total} frames in the spool files, kills: ")
        + string.Join("; ", kills.Select((k, i) => string.Create(CultureInfo.InvariantCulture,
            $"#{i + 1} at {k.After.TotalSeconds:0.00} s ({(k.FromStart ? "any moment" : "after its first append")}"
            + $"{(k.Running ? "" : ", had already exited")}): {k.Stored} stored")))
        + "\n";

    /// <summary>How long each step of a test took, for its output (the budget is about 90 s on two busy cores).</summary>
    private sealed class Timeline
    {
        private readonly List<string> steps = [];
        private long last = TimeProvider.System.GetTimestamp();

        public void Mark(string step)
        {
            var now = TimeProvider.System.GetTimestamp();
            steps.Add(string.Create(CultureInfo.InvariantCulture,
                $"{step} {TimeProvider.System.GetElapsedTime(last, now).TotalSeconds:0.0} s"));
            last = now;
        }

        public override string ToString() => "timeline: " + string.Join(", ", steps);
    }

    /// <summary>One kill: how long after its start the recorder was killed, whether that moment was counted from the
    /// start or from its first append, whether it still ran, how many events the store held right after, and what
    /// it had printed.</summary>
    private sealed record Kill(TimeSpan After, bool FromStart, bool Running, long Stored, string Output);
}
