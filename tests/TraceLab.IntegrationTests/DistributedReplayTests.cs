using System.Globalization;
using TraceLab.Cli;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Issue 13, distributed replay: real <c>tracelab worker</c> processes take the jobs of
/// <c>replay --distributed</c> and <c>diff --distributed</c> from the durable PostgreSQL queue in the test cluster's
/// event store, and the coordinator prints exactly what a single-process replay of the same recorded sessions prints,
/// also when a worker is killed with SIGKILL in the middle of a job; a worker whose policy file differs is refused.</summary>
/// <remarks>The tests of this class run one after another (xunit runs a class's tests in sequence), and no other test
/// starts workers on this store (ManyServersTests uses a store of its own), so each test's workers are the only
/// consumers of the queue.</remarks>
public sealed class DistributedReplayTests(TestCluster cluster) : IAsyncLifetime
{
    private static readonly string[] Policies = ["--policy", "permissive", "--policy", "ddl-needs-trusted-chain"];

    private ScenarioLab lab = null!;
    private string[] sessions = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string> Store => new() { ["TRACELAB_CONNECTION"] = cluster.EventStore };

    public async ValueTask InitializeAsync()
    {
        // alice, a superuser, runs mallory's function, which alters a role: ddl-needs-trusted-chain blocks it, so the
        // diff is not empty; the other sessions are benign.
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice", superuser: true);
        await lab.CreateRoleAsync("mallory");
        await lab.CreateRoleAsync("target");
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.tidy() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                EXECUTE 'ALTER ROLE {target} CREATEDB';
            END $$;
            CREATE TABLE {mallory}.notes(i integer);
            """);
        var recorded = new List<string>
        {
            await lab.RunSessionAsync("alice", "BEGIN", "SELECT {mallory}.tidy()", "SELECT 1", "COMMIT", "SELECT 2"),
            await lab.RunSessionAsync("alice", "SELECT {mallory}.tidy()", "CREATE TABLE {alice}.t(i integer)"),
        };
        for (var i = 0; i < 4; i++)
        {
            recorded.Add(await lab.RunSessionAsync("mallory",
                string.Create(CultureInfo.InvariantCulture, $"INSERT INTO {{mallory}}.notes VALUES ({i})"),
                "SELECT count(*) FROM {mallory}.notes"));
        }

        sessions = [.. recorded];
        var listed = await cluster.IngestAndListAsync(Ct);
        sessions.ShouldBeSubsetOf(listed.Select(s => s.SessionId));
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task Replay_and_diff_distributed_over_three_workers_print_what_a_single_process_prints()
    {
        // Given three workers
        await using var workers = await StartWorkersAsync(["one", "two", "three"]);

        // When the sessions are replayed and diffed in one process and over the workers
        string[][] reports =
        [
            ["replay", "--format", "table"], ["replay", "--format", "json"], ["diff", "--format", "json"],
            ["replay", "--format", "markdown"], ["diff", "--format", "junit", "--fail-on", "blocked"],
        ];
        foreach (var report in reports)
        {
            string[] arguments = [report[0], .. sessions, .. Policies, .. report[1..]];
            var single = await CliProcess.RunAsync(Store, arguments);
            var distributed = await CliProcess.RunAsync(Store, [.. arguments, "--distributed"]);

            // Then both print the same bytes and exit alike, and the report has what it should
            single.ExitCode.ShouldBe(report.Contains("--fail-on") ? ExitCodes.FailOnTriggered : 0, single.Error);
            distributed.ExitCode.ShouldBe(single.ExitCode, distributed.Error);
            distributed.Output.ShouldBe(single.Output, string.Join(' ', report));
            single.Output.ShouldContain("ALTER ROLE");
            foreach (var session in sessions.Where(_ => report[0] == "replay"))
            {
                single.Output.ShouldContain(session);
            }
        }

        // And the workers shared the jobs, and stop cleanly on SIGTERM
        var outputs = await workers.StopAsync();
        outputs.Count(o => o.Contains(": replaying ", StringComparison.Ordinal)).ShouldBeGreaterThan(1, string.Join('\n', outputs));
    }

    [Fact]
    public async Task A_worker_killed_in_the_middle_of_a_job_loses_it_to_another_and_the_report_is_unchanged()
    {
        string[] arguments = ["replay", .. sessions, .. Policies, "--format", "json"];
        var single = await CliProcess.RunAsync(Store, arguments);
        single.ExitCode.ShouldBe(0, single.Error);

        // Given a worker that takes a job and never finishes it (ten minutes per session)
        await using var stuck = await StartWorkersAsync(["stuck"], "--test-delay-per-session", "600000");
        await using var coordinator = CliProcess.Start(Store, [.. arguments, "--distributed"]);
        (await stuck.Workers[0].WaitForOutputAsync(": replaying ", TimeSpan.FromSeconds(60)))
            .ShouldBeTrue("the stuck worker never took a job");

        // When it is killed with SIGKILL, and two other workers are there
        (await stuck.Workers[0].KillAsync()).ShouldBeTrue();
        var killedAt = TimeProvider.System.GetTimestamp();
        await using var others = await StartWorkersAsync(["left", "right"]);
        var distributed = await coordinator.WaitAsync(TimeSpan.FromSeconds(90));
        var redelivery = TimeProvider.System.GetElapsedTime(killedAt);

        // Then its jobs were redelivered, every session counted once, and the report is the single process's
        distributed.ExitCode.ShouldBe(0, distributed.Error);
        distributed.Output.ShouldBe(single.Output);
        redelivery.ShouldBeLessThan(TimeSpan.FromSeconds(45));
        var outputs = await others.StopAsync();
        string.Join('\n', outputs).ShouldContain(": replaying ");
        TestContext.Current.TestOutputHelper?.WriteLine($"done {redelivery.TotalSeconds:F1} s after the kill");
    }

    [Fact]
    public async Task A_worker_whose_policy_file_differs_is_refused_with_both_hashes()
    {
        // Given the coordinator's policy file, and a worker with another copy of it, one comment longer
        var directory = Directory.CreateTempSubdirectory("tracelab-distributed-");
        var permissive = await CliProcess.RunAsync(null, "policies", "show", "permissive");
        permissive.ExitCode.ShouldBe(0, permissive.Error);
        var mine = Path.Combine(directory.FullName, "mine.yaml");
        var theirs = Path.Combine(directory.FullName, "theirs.yaml");
        var text = permissive.Output.Replace("name: permissive", "name: mine", StringComparison.Ordinal);
        text.ShouldContain("name: mine");
        await File.WriteAllTextAsync(mine, text, Ct);
        await File.WriteAllTextAsync(theirs, text + "# edited on the worker\n", Ct);
        await using var worker = await StartWorkersAsync(["odd"], "--policy", theirs);

        // When a replay names the policy
        var refused = await CliProcess.RunAsync(Store, ["replay", sessions[0], "--policy", mine, "--distributed"]);

        // Then the coordinator reports the refusal as an error with both hashes, and prints no report
        refused.ExitCode.ShouldBe(1, refused.Output + refused.Error);
        refused.Output.ShouldBeEmpty();
        refused.Error.ShouldContain("error: worker \"odd\" refused the replay: its policies differ from the coordinator's");
        refused.Error.ShouldMatch("detail: The policies \"mine\" hash to [0-9a-f]{64} on the coordinator and to [0-9a-f]{64} on worker \"odd\"\\.");
        refused.Error.ShouldContain("hint: ");
        refused.Error.ShouldNotContain("   at ");
        await worker.StopAsync();
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Without_workers_the_coordinator_says_once_that_it_waits_and_stops_at_ctrl_c_leaving_no_run_behind()
    {
        // Given no worker at all (and the run documents other tests may have left for a moment), when a distributed
        // replay has waited for seven seconds and gets SIGINT
        var runsBefore = await RunDocumentsAsync();
        await using var coordinator = CliProcess.Start(Store, ["replay", .. sessions, .. Policies, "--distributed"]);
        // Counted from its waiting line, not from its start, which a loaded machine can stretch past the wait.
        (await coordinator.WaitForErrorAsync("waiting for workers", TimeSpan.FromMinutes(1))).ShouldBeTrue("the coordinator never said it waits");
        await Task.Delay(TimeSpan.FromSeconds(7), Ct);
        coordinator.Signal(System.Runtime.InteropServices.PosixSignal.SIGINT);
        var result = await coordinator.WaitAsync(TimeSpan.FromSeconds(60));

        // Then it said once that it waits, stopped as interrupted, and deleted its run
        result.ExitCode.ShouldBe(ExitCodes.Interrupted, result.Error);
        result.Output.ShouldBeEmpty();
        result.Error.ShouldBe("waiting for workers… (start them with \"tracelab worker\"; Ctrl-C stops waiting)\nreplay: interrupted\n");
        (await RunDocumentsAsync()).ShouldBeSubsetOf(runsBefore);
    }

    /// <summary>The ids of the run documents in the job store.</summary>
    private async Task<IReadOnlyList<string>> RunDocumentsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(cluster.EventStore);
        await connection.OpenAsync(Ct);
        await using var exists = new Npgsql.NpgsqlCommand("SELECT to_regclass('tracelab_jobs.mt_doc_replayrundocument') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(Ct) ?? false))
        {
            return [];
        }

        await using var runs = new Npgsql.NpgsqlCommand("SELECT id::text FROM tracelab_jobs.mt_doc_replayrundocument", connection);
        await using var reader = await runs.ExecuteReaderAsync(Ct);
        var ids = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private Task<ReplayWorkers> StartWorkersAsync(IReadOnlyList<string> names, params string[] options) =>
        ReplayWorkers.StartAsync(Store, names, options);
}
