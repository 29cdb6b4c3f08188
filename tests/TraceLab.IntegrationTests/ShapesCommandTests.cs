using System.Security.Cryptography;
using System.Text.Json;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab shapes</c> on statistics that the async daemon of <c>tracelab record --once</c> keeps, from a
/// real recorded session: a view whose owner's SECURITY DEFINER function runs as that owner.</summary>
public sealed class ShapesCommandTests(TestCluster cluster) : IAsyncLifetime
{
    private const string DefinerCall = "EXECUTE FUNCTION: statement(other) > view(executor) > function(executor)";

    private ScenarioLab lab = null!;
    private DirectoryInfo spool = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("alice");
        await lab.CreateRoleAsync("mallory");
        spool = Directory.CreateTempSubdirectory("tracelab-shapes-spool-");
    }

    public async ValueTask DisposeAsync()
    {
        spool.Delete(recursive: true);
        await lab.DisposeAsync();
    }

    [Fact]
    public async Task Record_once_brings_the_shapes_up_to_date_and_counts_each_session_once()
    {
        // Given a session in which alice reads mallory's view, which calls mallory's SECURITY DEFINER function
        await lab.SetUpAsync("""
            SET ROLE {mallory};
            CREATE FUNCTION {mallory}.f_definer() RETURNS int LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN RETURN 1; END $$;
            CREATE VIEW {mallory}.v AS SELECT {mallory}.f_definer() AS x;
            GRANT USAGE ON SCHEMA {mallory} TO {alice};
            GRANT SELECT ON {mallory}.v TO {alice};
            """);
        var session = await lab.RunSessionAsync("alice", "SELECT * FROM {mallory}.v");
        var stamp = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);

        // The session itself is in the cluster's shared spool directory, which other test classes ingest at any time
        // (the catalogue's suite run among them): ingest it now, so it is in the store before its copies and counts
        // exactly once, whoever ingested it.
        await lab.EventsAsync(session);

        // When it is recorded again, under a fresh session id
        await RecordAsync(session, $"{stamp}-1");

        // Then the function's call is a shape of its own that ran as mallory, and alice's SELECT another: the session
        // and its copy, whose frames have the same times, so the example is the lesser id (ShapeStatisticsMerge)
        var mallory = await ShapesAsync("--user", lab.Role("mallory"));
        var call = Row(mallory, DefinerCall);
        var example = string.CompareOrdinal(session, $"{stamp}-1") <= 0 ? session : $"{stamp}-1";
        (call.Operations, call.Sessions, call.Example).ShouldBe((2L, 2L, example));
        var alice = await ShapesAsync("--user", lab.Role("alice"), "--database", lab.Database);
        Row(alice, "SELECT: statement(executor)").Operations.ShouldBe(2);
        alice.ShouldNotContainKey(DefinerCall);

        // When the same session is recorded again as another session, then once more with nothing new
        await RecordAsync(session, $"{stamp}-2");
        await RecordAsync(null, null);

        // Then the counts grew by that one session only
        var again = Row(await ShapesAsync("--user", lab.Role("mallory")), DefinerCall);
        (again.Operations, again.Sessions, again.Example).ShouldBe((3L, 3L, example));
    }

    [Fact]
    public async Task Shapes_rejects_an_unknown_option_and_a_limit_that_is_not_positive()
    {
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };

        var unknown = await CliProcess.RunAsync(store, "shapes", "--role", "x");
        var limit = await CliProcess.RunAsync(store, "shapes", "--limit", "0");

        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldStartWith("error: ");
        limit.ExitCode.ShouldBe(2);
        limit.Error.ShouldContain("--limit must be a positive whole number");
    }

    /// <summary>Copies the spool file of <paramref name="session"/> into this test's spool directory as
    /// <paramref name="asSession"/> (none: nothing new), then runs <c>record --once</c> on it.</summary>
    private async Task RecordAsync(string? session, string? asSession)
    {
        if (session is not null && asSession is not null)
        {
            File.Copy(Path.Combine(cluster.SpoolDirectory, session + ".tlspool"), Path.Combine(spool.FullName, asSession + ".tlspool"));
        }

        var record = await CliProcess.RunAsync(Store, "record", "--once", "--spool", spool.FullName);
        record.ExitCode.ShouldBe(0, record.Error);
        record.Error.ShouldNotContain("warning:");
    }

    /// <summary>Runs <c>tracelab shapes --format json</c> with <paramref name="filters"/>; returns each shape's count rows.</summary>
    private async Task<Dictionary<string, List<(string Role, string Database, long Operations, long Sessions, string Example)>>> ShapesAsync(
        params string[] filters)
    {
        var result = await CliProcess.RunAsync(Store, ["shapes", "--format", "json", .. filters]);
        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        // Not 0: other tests append to the same event store meanwhile, and the daemon's progress is the store's. The
        // counts below show that this test's own sessions were counted before record --once returned.
        json.RootElement.GetProperty("events_behind").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
        return json.RootElement.GetProperty("shapes").EnumerateArray().ToDictionary(
            s => s.GetProperty("shape").GetString()!,
            s => s.GetProperty("counts").EnumerateArray().Select(c => (
                c.GetProperty("role").GetString()!,
                c.GetProperty("database").GetString()!,
                c.GetProperty("operations").GetInt64(),
                c.GetProperty("sessions").GetInt64(),
                c.GetProperty("example_session").GetString()!)).ToList());
    }

    /// <summary>The one count row of <paramref name="shape"/>, which must be the lab's database.</summary>
    private (string Role, string Database, long Operations, long Sessions, string Example) Row(
        Dictionary<string, List<(string Role, string Database, long Operations, long Sessions, string Example)>> shapes, string shape)
    {
        shapes.ShouldContainKey(shape);
        var row = shapes[shape].ShouldHaveSingleItem();
        row.Database.ShouldBe(lab.Database);
        return row;
    }

    private Dictionary<string, string> Store => new() { ["TRACELAB_CONNECTION"] = cluster.EventStore };
}
