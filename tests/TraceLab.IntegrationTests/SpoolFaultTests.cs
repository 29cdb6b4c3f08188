using Npgsql;
using TraceLab.Events;
using TraceLab.IntegrationTests.Support;
using TraceLab.Store;

namespace TraceLab.IntegrationTests;

/// <summary>Spool problems under load never fail a query: pgbench runs user code (a PL/pgSQL function, a PL/pgSQL
/// trigger) on a private cluster while its spool directory disappears, turns read-only, runs over its budget or fills
/// its disk. The server log reports each problem once per backend, however many blocks are dropped, and where a
/// session's file survives the Recorder lists the frames it lost.</summary>
public sealed class SpoolFaultTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Removing_the_spool_directory_mid_run_fails_no_query_and_each_backend_reports_it_once()
    {
        await using var cluster = await PrivateCluster.StartAsync("removed");
        var script = await Bench.CreateAsync(cluster);
        var log = cluster.ServerLogLength;

        var run = cluster.PgbenchAsync(Bench.Database, "bench", Bench.Arguments(script, seconds: 3));
        await WaitForSpoolFilesAsync(cluster, 2);
        await Task.Delay(500, Ct);
        Directory.Delete(cluster.SpoolDirectory, recursive: true);
        var bench = await run;
        var doubled = await ScalarAfterAsync(cluster, "SELECT bench_double(21)");

        bench.ShouldHaveFailedNothing();
        doubled.ShouldBe(42, "a session that starts after the directory is gone runs as usual");
        var text = cluster.ServerLog(log);
        ServerLogReports.ShouldReportOncePerBackend(text, $"spool file \"{cluster.SpoolDirectory}/")
            .Count.ShouldBeGreaterThanOrEqualTo(2, "both pgbench backends had their file removed");
        text.ShouldContain("was removed while the session was recording");
        ServerLogReports.ShouldReportOncePerBackend(text, $"could not create spool file \"{cluster.SpoolDirectory}/");
    }

    [Fact]
    public async Task A_spool_directory_made_read_only_mid_run_fails_no_query_and_spares_the_files_already_open()
    {
        await using var cluster = await PrivateCluster.StartAsync("readonly");
        var script = await Bench.CreateAsync(cluster);
        var log = cluster.ServerLogLength;

        var before = cluster.PgbenchAsync(Bench.Database, "before", Bench.Arguments(script, seconds: 3, rate: 200));
        await WaitForSpoolFilesAsync(cluster, 2);
        await Task.Delay(500, Ct);
        cluster.ChmodSpool(UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var after = cluster.PgbenchAsync(Bench.Database, "after", Bench.Arguments(script, seconds: 2, rate: 200));
        var runs = await Task.WhenAll(before, after);
        cluster.ChmodSpool(Private);

        runs.ShouldAllBe(r => r.ExitCode == 0);
        foreach (var run in runs)
        {
            run.ShouldHaveFailedNothing();
        }

        var text = cluster.ServerLog(log);
        ServerLogReports.ShouldReportOncePerBackend(text, $"could not create spool file \"{cluster.SpoolDirectory}/")
            .Count.ShouldBeGreaterThanOrEqualTo(2, "both backends that started after the chmod could not create their file");
        text.ShouldContain("Permission denied");
        var (summary, sessions) = await cluster.IngestAsync();
        summary.Errors.ShouldBeEmpty();
        var spared = sessions.Where(s => s.ApplicationName == "before").ToList();
        spared.Count.ShouldBe(2);
        spared.ShouldAllBe(s => s.State == SessionState.Ended && s.DroppedFrames == 0);
        sessions.ShouldNotContain(s => s.ApplicationName == "after");
    }

    [Fact]
    public async Task A_spool_directory_over_its_budget_drops_blocks_reports_once_per_backend_and_counts_what_it_dropped()
    {
        await using var cluster = await PrivateCluster.StartAsync("budget",
            new Dictionary<string, string> { ["tracelab.spool_budget"] = "'1MB'" });
        var script = await Bench.CreateAsync(cluster);
        var burst = await cluster.PgbenchAsync(Bench.Database, "burst", "-n", "-c", "2", "-j", "2", "-t", "2000", "-f", script);
        burst.ShouldHaveFailedNothing();
        var filled = Directory.GetFiles(cluster.SpoolDirectory, "*.tlspool");
        filled.Sum(f => new FileInfo(f).Length).ShouldBeGreaterThan(1024 * 1024, "the burst fills the budget");
        var log = cluster.ServerLogLength;

        var overBudget = $"spool directory \"{cluster.SpoolDirectory}\" is over its budget";
        var run = cluster.PgbenchAsync(Bench.Database, "bench", Bench.Arguments(script, seconds: 4, rate: 200));
        for (var i = 0; i < 60 && ServerLogReports.Pids(cluster.ServerLog(log), overBudget).Distinct().Count() < 2; i++)
        {
            await Task.Delay(50, Ct);
        }

        foreach (var file in filled)
        {
            File.Delete(file); // as an administrator does once they are ingested, which makes room again
        }

        var bench = await run;

        bench.ShouldHaveFailedNothing();
        ServerLogReports.ShouldReportOncePerBackend(cluster.ServerLog(log), overBudget).Count.ShouldBe(2);
        var (summary, sessions) = await cluster.IngestAsync();
        summary.Errors.ShouldBeEmpty();
        var benched = sessions.Where(s => s.ApplicationName == "bench").ToList();
        benched.Count.ShouldBe(2);
        benched.ShouldAllBe(s => s.State == SessionState.Ended && s.DroppedFrames > 0);
        foreach (var session in benched)
        {
            (await cluster.EventsAsync(session.SessionId)).OfType<FramesDropped>()
                .ShouldAllBe(d => d.Reason == "spool budget exceeded");
        }
    }

    [Fact]
    public async Task A_spool_filesystem_that_fills_up_fails_no_query_and_counts_the_blocks_it_could_not_write()
    {
        if (!PrivateCluster.CanMount)
        {
            const string reason = "Mounting a tmpfs as the spool directory needs root; the tests run as root in CI.";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(reason + " CI=true, so this may not be skipped.");
            }

            Assert.Skip(reason);
        }

        await using var cluster = await PrivateCluster.StartAsync("full", spoolTmpfsSize: "2m");
        var script = await Bench.CreateAsync(cluster);
        var ballast = Path.Combine(cluster.SpoolDirectory, "ballast");
        // Room for the first blocks only: the backends' first 64 kB blocks no longer fit, and are cut short
        await File.WriteAllBytesAsync(ballast, new byte[new DriveInfo(cluster.SpoolDirectory).AvailableFreeSpace - 40_000], Ct);
        var log = cluster.ServerLogLength;

        var run = cluster.PgbenchAsync(Bench.Database, "bench", Bench.Arguments(script, seconds: 5, rate: 200));
        (await cluster.WaitForLogAsync(log, "could not write spool file", TimeSpan.FromSeconds(4)))
            .ShouldBeTrue(cluster.ServerLog(log));
        File.Delete(ballast); // the disk has room again
        var bench = await run;

        bench.ShouldHaveFailedNothing();
        var text = cluster.ServerLog(log);
        ServerLogReports.ShouldReportOncePerBackend(text, $"could not write spool file \"{cluster.SpoolDirectory}/");
        text.ShouldContain("No space left on device");
        var (summary, sessions) = await cluster.IngestAsync();
        summary.Errors.ShouldBeEmpty();
        var benched = sessions.Where(s => s.ApplicationName == "bench").ToList();
        benched.Count.ShouldBe(2);
        benched.ShouldAllBe(s => s.State == SessionState.Ended);
        benched.Sum(s => s.DroppedFrames).ShouldBeGreaterThan(0);
        foreach (var session in benched)
        {
            (await cluster.EventsAsync(session.SessionId)).OfType<FramesDropped>().ShouldAllBe(d => d.Reason == "spool write failed");
        }
    }

    /// <summary>Waits until the spool directory holds <paramref name="count"/> spool files: the backends began recording.</summary>
    private static async Task WaitForSpoolFilesAsync(PrivateCluster cluster, int count)
    {
        for (var i = 0; i < 200 && Directory.GetFiles(cluster.SpoolDirectory, "*.tlspool").Length < count; i++)
        {
            await Task.Delay(50, Ct);
        }

        Directory.GetFiles(cluster.SpoolDirectory, "*.tlspool").Length.ShouldBeGreaterThanOrEqualTo(count);
    }

    /// <summary>Runs one query on a new recorded session and returns its integer result.</summary>
    private static async Task<int> ScalarAfterAsync(PrivateCluster cluster, string sql)
    {
        await using var connection = await cluster.OpenRecordedAsync(Bench.Database);
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync(Ct) ?? 0);
    }
}
