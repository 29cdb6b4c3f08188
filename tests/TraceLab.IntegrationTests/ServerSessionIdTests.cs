using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using TraceLab.Events;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Spool;
using TraceLab.Replayer;

namespace TraceLab.IntegrationTests;

/// <summary>A session id names its server (<c>pid-start-system_identifier</c>), so that many servers' recorders can
/// append to one store: the probe names the spool file so, the recorder keys the stream so, and <c>sessions</c> and
/// <c>replay</c> take the id and its <c>pid-start</c> prefix.</summary>
/// <remarks>The session is recorded into an event-store database of the test's own, so that the listing holds it
/// alone.</remarks>
public sealed class ServerSessionIdTests(TestCluster cluster) : IAsyncLifetime
{
    private readonly string suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("tracelab-serverid-");
    private ScenarioLab lab = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string StoreDatabase => $"tracelab_sid_{suffix}";

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice");
        await cluster.AdminAsync($"CREATE DATABASE {StoreDatabase}", Ct);
        await cluster.AdminAsync($"ALTER DATABASE {StoreDatabase} SET tracelab.enabled = off", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.AdminAsync($"DROP DATABASE IF EXISTS {StoreDatabase} WITH (FORCE)", Ct);
        await lab.DisposeAsync();
        scratch.Delete(recursive: true);
    }

    [Fact]
    public async Task The_spool_file_and_the_stream_of_a_session_carry_its_servers_system_identifier()
    {
        // Given the server's system identifier, as PostgreSQL reports it
        var server = await SystemIdentifierAsync();

        // When a session is recorded
        var session = await lab.RunSessionAsync("alice", "SELECT 1");

        // Then its spool file is named <pid>-<start>-<system_identifier>, as its SessionStarted says
        var file = Path.Combine(cluster.SpoolDirectory, session + SpoolFileReader.FileExtension);
        File.Exists(file).ShouldBeTrue($"no spool file \"{file}\"");
        var started = new SpoolFileReader(file).ReadBlocks().SelectMany(b => b.Events).OfType<SessionStarted>().First();
        started.SystemIdentifier.ShouldBe(server);
        var id = SessionId.Parse(Path.GetFileNameWithoutExtension(file));
        id.ShouldBe(new SessionId(started.Pid, started.BackendStartUs, server));
        Path.GetFileName(file).ShouldEndWith("-" + server.ToString(CultureInfo.InvariantCulture) + SpoolFileReader.FileExtension);

        // And when it is ingested into a store, the store lists it under that id with its server
        var spool = Directory.CreateDirectory(Path.Combine(scratch.FullName, "spool"));
        File.Copy(file, Path.Combine(spool.FullName, Path.GetFileName(file)));
        var environment = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.Superuser(StoreDatabase) };
        var record = await CliProcess.RunAsync(environment, "record", "--once", "--spool", spool.FullName, "-q");
        record.ExitCode.ShouldBe(0, record.Error);
        var sessions = await CliProcess.RunAsync(environment, "sessions", "-f", "json");
        sessions.ExitCode.ShouldBe(0, sessions.Error);
        using (var listing = JsonDocument.Parse(sessions.Output))
        {
            var listed = listing.RootElement.GetProperty("sessions").EnumerateArray().ShouldHaveSingleItem();
            listed.GetProperty("session").GetString().ShouldBe(id.ToString());
            listed.GetProperty("server").GetString().ShouldBe(server.ToString(CultureInfo.InvariantCulture));
            listed.GetProperty("pid").GetInt32().ShouldBe(id.Pid);
        }

        // And the id the replayer derives from the SessionStarted is the stream's key
        RecordedSession.IdOf(started).ShouldBe(id.ToString());
        // And the table shows the id whole and the server in its own column
        var table = await CliProcess.RunAsync(environment, "sessions");
        table.ExitCode.ShouldBe(0, table.Error);
        var row = table.Output.Split('\n').Where(l => l.TrimStart().StartsWith(id.ToString(), StringComparison.Ordinal)).ShouldHaveSingleItem();
        row.TrimEnd().ShouldEndWith(" " + server.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Replay_and_a_server_filter_take_the_whole_id_and_its_pid_and_start_prefix()
    {
        // Given a session recorded into the test's store
        var server = await SystemIdentifierAsync();
        var session = await lab.RunSessionAsync("alice", "SELECT 1");
        var id = SessionId.Parse(session);
        var spool = Directory.CreateDirectory(Path.Combine(scratch.FullName, "spool"));
        File.Copy(Path.Combine(cluster.SpoolDirectory, session + SpoolFileReader.FileExtension),
            Path.Combine(spool.FullName, session + SpoolFileReader.FileExtension));
        var environment = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.Superuser(StoreDatabase) };
        (await CliProcess.RunAsync(environment, "record", "--once", "--spool", spool.FullName, "-q")).ExitCode.ShouldBe(0);

        // When it is replayed by its id, by <pid>-<start>, and by its server
        var byId = await ReplayAsync(environment, id.ToString());
        var byBackend = await ReplayAsync(environment, id.Backend);
        var byServer = await ReplayAsync(environment, "--server", server.ToString(CultureInfo.InvariantCulture));
        var otherServer = (server ^ 1).ToString(CultureInfo.InvariantCulture);
        var byOtherServer = await ReplayAsync(environment, "--server", otherServer);
        var namedOnOtherServer = await ReplayAsync(environment, id.Backend, "--server", otherServer);

        // Then the first three replay that session, byte for byte alike
        byId.ExitCode.ShouldBe(0, byId.Error);
        byBackend.ExitCode.ShouldBe(0, byBackend.Error);
        byServer.ExitCode.ShouldBe(0, byServer.Error);
        ReplayedSessions(byId).ShouldBe([id.ToString()]);
        byBackend.Output.ShouldBe(byId.Output);
        byServer.Output.ShouldBe(byId.Output);

        // And another server has no session, and the session named with another server is refused
        byOtherServer.ExitCode.ShouldBe(0, byOtherServer.Error);
        ReplayedSessions(byOtherServer).ShouldBeEmpty();
        namedOnOtherServer.ExitCode.ShouldBe(1);
        namedOnOtherServer.Error.ShouldStartWith($"error: recorded session \"{id}\" does not match the filters");
    }

    private static List<string?> ReplayedSessions(CliResult replay)
    {
        using var report = JsonDocument.Parse(replay.Output);
        return [.. report.RootElement.GetProperty("summary").GetProperty("sessions").EnumerateArray()
            .Select(s => s.GetProperty("session").GetString())];
    }

    private static Task<CliResult> ReplayAsync(Dictionary<string, string> environment, params string[] selection) =>
        CliProcess.RunAsync(environment, ["replay", .. selection, "-p", "permissive", "-f", "json", "--no-progress"]);

    private async Task<ulong> SystemIdentifierAsync()
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(cluster.Superuser("postgres")) { Options = "-c tracelab.enabled=off" }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT system_identifier FROM pg_control_system()", connection);
        // pg_control_system() shows it as a signed bigint; the probe writes it unsigned.
        return unchecked((ulong)(long)(await command.ExecuteScalarAsync(Ct) ?? 0L));
    }
}
