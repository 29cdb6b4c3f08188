using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Spool;

namespace TraceLab.IntegrationTests;

/// <summary>Issue 13, many servers and one store: two PostgreSQL servers with the probe (the test cluster and a private
/// one, so two <c>system_identifier</c>s), one <c>tracelab record</c> per server appending to one fresh event store, and
/// three <c>tracelab worker</c> processes whose distributed replay prints what a single process prints of that store.</summary>
/// <remarks>
/// <para>Two real servers cannot be made to give a backend the same pid and start time, so the case the server part of
/// the id exists for is a unit test: SessionIdTests.Two_servers_with_a_backend_of_the_same_pid_and_start_give_two_ids
/// (tests/TraceLab.Recorder.Tests/Events). Here the servers are kept apart by <c>--server</c> instead.</para>
/// <para>The test cluster's spool directory holds every other test's sessions, some still running, so its recorder
/// reads a copy of this test's spool files; the private cluster's recorder reads the server's spool directory itself.
/// The store is a database of its own, so its job queue has no consumer but this test's workers.</para>
/// </remarks>
public sealed class ManyServersTests(TestCluster cluster) : IAsyncLifetime
{
    private static readonly string[] Policies = ["--policy", "permissive", "--policy", "ddl-needs-trusted-chain"];

    // alice, a superuser, runs mallory's function, which alters a role (ddl-needs-trusted-chain blocks it), and reads
    // mallory's view, which calls mallory's SECURITY DEFINER function; mallory's own session is benign.
    private const string SetUp = """
        SET ROLE {mallory};
        CREATE FUNCTION {mallory}.tidy() RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE 'ALTER ROLE {target} CREATEDB';
        END $$;
        CREATE FUNCTION {mallory}.stamp() RETURNS integer LANGUAGE sql SECURITY DEFINER AS 'SELECT 42';
        CREATE VIEW {mallory}.board AS SELECT {mallory}.stamp() AS n;
        CREATE TABLE {mallory}.notes(i integer);
        """;

    private static readonly string[][] Sessions =
    [
        ["alice", "SELECT {mallory}.tidy()", "CREATE TABLE {alice}.t(i integer)"],
        ["alice", "SELECT n FROM {mallory}.board"],
        ["mallory", "INSERT INTO {mallory}.notes VALUES (1)", "SELECT count(*) FROM {mallory}.notes"],
    ];

    private readonly string suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("tracelab-manyservers-");
    private ScenarioLab lab = null!;
    private PrivateCluster other = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string StoreDatabase => $"tracelab_fleet_{suffix}";

    private string StoreConnection => cluster.Superuser(StoreDatabase);

    private Dictionary<string, string> Store => new() { ["TRACELAB_CONNECTION"] = StoreConnection };

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        other = await PrivateCluster.StartAsync("manyservers");
        await cluster.AdminAsync($"CREATE DATABASE {StoreDatabase}", Ct);
        await cluster.AdminAsync($"ALTER DATABASE {StoreDatabase} SET tracelab.enabled = off", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.AdminAsync($"DROP DATABASE IF EXISTS {StoreDatabase} WITH (FORCE)", Ct);
        await other.DisposeAsync();
        await lab.DisposeAsync();
        scratch.Delete(recursive: true);
    }

    [Fact]
    public async Task Two_servers_recorders_fill_one_store_whose_distributed_replay_equals_the_single_process_replay()
    {
        // Given sessions recorded on two servers, and two recorders, one per server, appending to one store at once
        var here = await RecordOnTestClusterAsync();
        var there = await RecordOnPrivateClusterAsync();
        here.Server.ShouldNotBe(there.Server);
        var records = new[] { here, there }
            .Select(s => CliProcess.RunAsync(null, "record", "--once", "--spool", s.Spool, "-q", "--connection", StoreConnection))
            .ToList();
        foreach (var record in await Task.WhenAll(records))
        {
            record.ExitCode.ShouldBe(0, record.Error);
        }

        // Then the store lists every session once, with its server, which its id names
        var listing = await CliProcess.RunAsync(Store, "sessions", "--format", "json");
        listing.ExitCode.ShouldBe(0, listing.Error);
        var listed = ListedSessions(listing.Output);
        listed.Select(s => s.Session).ShouldBe([.. here.Sessions, .. there.Sessions], ignoreOrder: true);
        foreach (var (session, server) in listed)
        {
            var expected = here.Sessions.Contains(session) ? here.Server : there.Server;
            server.ShouldBe(expected, session);
            session.ShouldEndWith("-" + expected, Case.Sensitive, session);
        }

        // When the whole store is replayed and diffed by one process and by three workers
        await using var workers = await ReplayWorkers.StartAsync(Store, ["one", "two", "three"]);
        string[][] reports = [["replay", "--format", "json"], ["replay", "--format", "table"], ["diff", "--format", "json"]];
        var whole = "";
        foreach (var report in reports)
        {
            string[] arguments = [report[0], "--all", .. Policies, .. report[1..]];
            var single = await CliProcess.RunAsync(Store, arguments);
            var distributed = await CliProcess.RunAsync(Store, [.. arguments, "--distributed"]);

            // Then both print the same bytes, with what the policies judged, from both servers
            single.ExitCode.ShouldBe(0, single.Error);
            distributed.ExitCode.ShouldBe(0, distributed.Error);
            distributed.Output.ShouldBe(single.Output, string.Join(' ', report));
            single.Output.ShouldContain("ALTER ROLE");
            if (report is ["replay", _, "json"])
            {
                whole = single.Output;
            }
        }

        ReplayedSessions(whole).ShouldBe(listed.Select(s => s.Session), ignoreOrder: true);

        // And each server's sessions replayed alone are that server's part of the whole replay: its sessions and their
        // operations, as the whole report has them
        foreach (var server in new[] { here, there })
        {
            var alone = await CliProcess.RunAsync(Store, ["replay", "--all", "--server", server.Server, .. Policies, "--format", "json"]);
            alone.ExitCode.ShouldBe(0, alone.Error);
            ReplayedSessions(alone.Output).ShouldBe(ReplayedSessions(whole).Where(server.Sessions.Contains));
            Operations(alone.Output).ShouldBe(Operations(whole).Where(o => server.Sessions.Contains(o.Session)));
            Operations(alone.Output).ShouldNotBeEmpty();
        }

        // And the workers shared the jobs, and stop cleanly on SIGTERM
        var outputs = await workers.StopAsync();
        outputs.Count(o => o.Contains(": replaying ", StringComparison.Ordinal)).ShouldBeGreaterThan(1, string.Join('\n', outputs));

        // When a worker is killed with SIGKILL in the middle of a job of the whole replay, and two others are there
        string[] replay = ["replay", "--all", .. Policies, "--format", "json"];
        await using var stuck = await ReplayWorkers.StartAsync(Store, ["stuck"], "--test-delay-per-session", "600000");
        await using var coordinator = CliProcess.Start(Store, [.. replay, "--distributed"]);
        (await stuck.Workers[0].WaitForOutputAsync(": replaying ", TimeSpan.FromSeconds(60)))
            .ShouldBeTrue("the stuck worker never took a job");
        (await stuck.Workers[0].KillAsync()).ShouldBeTrue();
        var killedAt = TimeProvider.System.GetTimestamp();
        await using var others = await ReplayWorkers.StartAsync(Store, ["left", "right"]);
        var afterKill = await coordinator.WaitAsync(TimeSpan.FromSeconds(90));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"done {TimeProvider.System.GetElapsedTime(killedAt).TotalSeconds:F1} s after the kill");

        // Then the report is the single process's still
        afterKill.ExitCode.ShouldBe(0, afterKill.Error);
        afterKill.Output.ShouldBe(whole);
        string.Join('\n', await others.StopAsync()).ShouldContain(": replaying ");
    }

    /// <summary>Records <see cref="Sessions"/> on the test cluster and copies their spool files (alone) to a directory of
    /// their own.</summary>
    private async Task<RecordedServer> RecordOnTestClusterAsync()
    {
        foreach (var role in new[] { "alice", "mallory", "target" })
        {
            await lab.CreateRoleAsync(role, superuser: role == "alice");
        }

        await lab.SetUpAsync(SetUp);
        var sessions = new List<string>();
        foreach (var session in Sessions)
        {
            sessions.Add(await lab.RunSessionAsync(session[0], session[1..]));
        }

        var spool = Directory.CreateDirectory(Path.Combine(scratch.FullName, "spool"));
        foreach (var session in sessions)
        {
            var name = session + SpoolFileReader.FileExtension;
            File.Copy(Path.Combine(cluster.SpoolDirectory, name), Path.Combine(spool.FullName, name));
        }

        return new RecordedServer(ServerOf(sessions), spool.FullName, sessions);
    }

    /// <summary>Records <see cref="Sessions"/> on the private cluster, whose spool directory then holds them alone.</summary>
    private async Task<RecordedServer> RecordOnPrivateClusterAsync()
    {
        const string database = "fleet";
        await other.ExecuteAsync($"CREATE DATABASE {database}");
        foreach (var role in new[] { "alice", "mallory", "target" })
        {
            await other.ExecuteAsync($"CREATE ROLE {role} LOGIN {(role == "alice" ? "SUPERUSER" : "")}");
            await other.ExecuteAsync($"CREATE SCHEMA {role} AUTHORIZATION {role}; GRANT USAGE ON SCHEMA {role} TO PUBLIC", database);
        }

        await other.ExecuteAsync(Plain(SetUp), database);
        var sessions = new List<string>();
        foreach (var session in Sessions)
        {
            sessions.Add(await other.RunSessionAsync(session[0], database, [.. session[1..].Select(Plain)]));
        }

        return new RecordedServer(ServerOf(sessions), other.SpoolDirectory, sessions);
    }

    /// <summary>The SQL of this class with its roles' own names, on the private cluster where no other test has roles.</summary>
    private static string Plain(string sql) => sql.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);

    /// <summary>The server the sessions' ids name, one for all of them.</summary>
    private static string ServerOf(IEnumerable<string> sessions) =>
        sessions.Select(s => TraceLab.Events.SessionId.Parse(s).SystemIdentifier?.ToString(CultureInfo.InvariantCulture)
            ?? throw new InvalidOperationException($"Session id \"{s}\" names no server.")).Distinct().ShouldHaveSingleItem();

    private static List<(string Session, string? Server)> ListedSessions(string json)
    {
        using var listing = JsonDocument.Parse(json);
        return [.. listing.RootElement.GetProperty("sessions").EnumerateArray()
            .Select(s => (s.GetProperty("session").GetString() ?? "", s.GetProperty("server").GetString()))];
    }

    private static List<string> ReplayedSessions(string json)
    {
        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("summary").GetProperty("sessions").EnumerateArray()
            .Select(s => s.GetProperty("session").GetString() ?? "")];
    }

    /// <summary>The operations of a JSON report, each with its session and its whole JSON text.</summary>
    private static List<(string Session, string Json)> Operations(string json)
    {
        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("operations").EnumerateArray()
            .Select(o => (o.GetProperty("session").GetString() ?? "", o.GetRawText()))];
    }

    /// <summary>A recorded server: its <c>system_identifier</c>, the spool directory its recorder reads, its sessions.</summary>
    private sealed record RecordedServer(string Server, string Spool, IReadOnlyList<string> Sessions);
}
