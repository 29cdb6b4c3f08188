using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Reports;

namespace TraceLab.IntegrationTests.Support;

/// <summary>A private corner of the test cluster for one test: its own database and login roles, real recorded
/// sessions, ingestion into the real event store, and replay.</summary>
/// <remarks>
/// Role names are cluster-wide, so every role gets the lab's prefix: in SQL text, <c>{alice}</c> stands for the
/// lab's alice (and for a schema of the same name). Administration runs with the probe off for its session.
/// </remarks>
internal sealed class ScenarioLab : IAsyncDisposable
{
    private readonly TestCluster cluster;
    private readonly string prefix;
    private readonly string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    private readonly List<string> roles = [];

    private ScenarioLab(TestCluster cluster, string prefix)
    {
        this.cluster = cluster;
        this.prefix = prefix;
        Database = prefix;
    }

    /// <summary>The lab's database.</summary>
    public string Database { get; }

    public static async Task<ScenarioLab> CreateAsync(TestCluster cluster)
    {
        var lab = new ScenarioLab(cluster, "it_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        await lab.AdminAsync("postgres", $"CREATE DATABASE {lab.Database}");
        return lab;
    }

    /// <summary>The cluster-wide name of the lab's role <paramref name="name"/>.</summary>
    public string Role(string name) => $"{prefix}_{name}";

    /// <summary>Creates a login role (and a schema it owns, of the same name) in the lab.</summary>
    public async Task CreateRoleAsync(string name, bool superuser = false)
    {
        var role = Role(name);
        await AdminAsync("postgres", $"CREATE ROLE {role} LOGIN {(superuser ? "SUPERUSER" : "")} PASSWORD '{password}'");
        roles.Add(role);
        await AdminAsync(Database, $"CREATE SCHEMA {role} AUTHORIZATION {role}; GRANT USAGE ON SCHEMA {role} TO PUBLIC");
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, run unrecorded as the bootstrap superuser.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync(cluster.Superuser(Database), recorded: false);
        await using var command = new NpgsqlCommand(Expand(sql), connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"No value from: {sql}"));
    }

    /// <summary>Ingests, then replays several sessions together (a parallel worker's and its leader's).</summary>
    public async Task<List<JsonElement>> ReplayJsonAsync(IReadOnlyList<string> sessionIds)
    {
        var sessions = new List<RecordedSession>();
        foreach (var id in sessionIds)
        {
            sessions.Add(RecordedSession.FromFrames(id, await EventsAsync(id)));
        }

        var report = await new ReplayEngine(BuiltInPolicies.All).ReplayAsync(sessions, TestContext.Current.CancellationToken);
        using var json = await ReportJson.ParseAsync(report);
        return [.. json.RootElement.GetProperty("operations").EnumerateArray().Select(o => o.Clone())];
    }

    /// <summary>Runs <paramref name="sql"/> unrecorded as the bootstrap superuser in the lab's database.</summary>
    public Task SetUpAsync(string sql) => AdminAsync(Database, Expand(sql));

    /// <summary>Runs <paramref name="statements"/> in one recorded login session as <paramref name="role"/>; returns the
    /// session id once the backend has exited, so its spool file is complete.</summary>
    public Task<string> RunSessionAsync(string role, params string[] statements) =>
        RunSessionAsync(role, async login =>
        {
            foreach (var statement in statements)
            {
                await using var command = new NpgsqlCommand(Expand(statement), login);
                try
                {
                    await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                }
                catch (PostgresException)
                {
                    // Scenarios may fail on purpose; the recording is what the test looks at.
                }
            }
        });

    /// <summary>Runs <paramref name="script"/> on one recorded login session as <paramref name="role"/> (for what plain
    /// statements cannot say, such as protocol-level prepared statements); returns the session id once the backend has
    /// exited.</summary>
    public async Task<string> RunSessionAsync(string role, Func<NpgsqlConnection, Task> script)
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(cluster.Superuser(Database))
        {
            Username = Role(role),
            Password = password,
            ApplicationName = "tracelab-tests:" + prefix,
        }.ConnectionString);
        // Without type loading Npgsql sends nothing but the statements, so the session holds exactly those.
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        await using var source = builder.Build();
        await using var admin = await OpenAsync(cluster.Superuser("postgres"), recorded: false);
        string id;
        int pid;
        await using (var login = await source.OpenConnectionAsync(TestContext.Current.CancellationToken))
        {
            pid = login.ProcessID;
            id = await Cli.Demo.SessionIdentity.OfAsync(login, admin, TestContext.Current.CancellationToken);
            await script(login);
        }

        await Cli.Demo.SessionIdentity.WaitForExitAsync(admin, [pid], TimeProvider.System, TestContext.Current.CancellationToken);
        return id;
    }

    /// <summary>Ingests the spool directory and returns the events of <paramref name="sessionId"/>.</summary>
    public async Task<List<IRecordedFrame>> EventsAsync(string sessionId)
    {
        var events = await cluster.IngestAndReadAsync(sessionId, TestContext.Current.CancellationToken);
        events.ShouldNotBeEmpty($"session {sessionId} was not recorded");
        return events;
    }

    /// <summary>Ingests, then replays <paramref name="sessionId"/> under the built-in policies.</summary>
    public async Task<IReadOnlyList<ReplayedOperation>> ReplayAsync(string sessionId)
    {
        var events = await EventsAsync(sessionId);
        var engine = new ReplayEngine(BuiltInPolicies.All);
        var report = await engine.ReplayAsync([RecordedSession.FromFrames(sessionId, events)], TestContext.Current.CancellationToken);
        return report.Operations;
    }

    /// <summary>Ingests, then replays <paramref name="sessionId"/> under the built-in policies and returns the operations in
    /// the documented JSON form (what users and scripts see).</summary>
    public async Task<List<JsonElement>> ReplayJsonAsync(string sessionId)
    {
        var events = await EventsAsync(sessionId);
        var engine = new ReplayEngine(BuiltInPolicies.All);
        var report = await engine.ReplayAsync([RecordedSession.FromFrames(sessionId, events)], TestContext.Current.CancellationToken);
        using var json = await ReportJson.ParseAsync(report);
        return [.. json.RootElement.GetProperty("operations").EnumerateArray().Select(o => o.Clone())];
    }

    /// <summary>Replaces <c>{name}</c> with the lab's role <c>name</c>.</summary>
    public string Expand(string sql)
    {
        foreach (var role in roles)
        {
            sql = sql.Replace("{" + role[(prefix.Length + 1)..] + "}", role, StringComparison.Ordinal);
        }

        return sql;
    }

    public async ValueTask DisposeAsync()
    {
        await AdminAsync("postgres", $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        foreach (var role in roles)
        {
            await AdminAsync("postgres", $"DROP ROLE IF EXISTS {role}");
        }
    }

    private async Task AdminAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(cluster.Superuser(database), recorded: false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, bool recorded)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = recorded ? null : "-c tracelab.enabled=off",
        }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}
