using System.Text.Json;
using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab up</c>, <c>status</c> and <c>down</c> on a brand-new state directory: a real private cluster.</summary>
public sealed class EmbeddedClusterTests : IAsyncLifetime
{
    // A temporary directory is mode 0700: the postgres OS user cannot enter it, which exercises the fallback.
    private readonly ScratchClusterHome home = new("tracelab-home-");
    private Dictionary<string, string> environment = null!;

    public ValueTask InitializeAsync()
    {
        environment = home.Environment;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => home.DisposeAsync();

    [Fact]
    public async Task Up_is_idempotent_and_status_tells_how_to_connect()
    {
        // Given a stopped, never created cluster
        var before = await CliProcess.RunAsync(environment, "status", "--format", "json");
        before.ExitCode.ShouldBe(3);
        Json(before)["running"].GetBoolean().ShouldBeFalse();

        // When it is brought up twice
        var first = await CliProcess.RunAsync(environment, "up");
        first.ExitCode.ShouldBe(0, first.Output + first.Error);
        var second = await CliProcess.RunAsync(environment, "up");
        second.ExitCode.ShouldBe(0, second.Output + second.Error);
        second.Output.ShouldNotContain("initializing");
        second.Output.ShouldNotContain("restarting");
        first.Output.ShouldContain("objects created or updated", customMessage: "up creates the event store's schema");
        second.Output.ShouldContain("the TraceLab schema is up to date (schema \"tracelab\" of database \"tracelab_events\"); nothing to change");

        // Then status names everything, and the connection strings work
        var status = await CliProcess.RunAsync(environment, "status", "--format", "json");
        status.ExitCode.ShouldBe(0, status.Error);
        var fields = Json(status);
        fields.Keys.ShouldBe(["host", "port", "socket_dir", "data_dir", "spool_dir", "uri", "npgsql", "running", "state_dir", "enforcement"]);
        fields["host"].GetString().ShouldBe("127.0.0.1");
        fields["uri"].GetString().ShouldStartWith("postgresql://postgres:");
        Directory.Exists(fields["spool_dir"].GetString()).ShouldBeTrue();

        // And the table keeps the password off the terminal unless asked, while json and env (for scripts) keep it
        var password = new NpgsqlConnectionStringBuilder(fields["npgsql"].GetString()).Password.ShouldNotBeNull();
        var table = await CliProcess.RunAsync(environment, "status");
        table.Output.ShouldNotContain(password);
        table.Output.ShouldContain("postgresql://postgres:********@127.0.0.1:");
        (await CliProcess.RunAsync(environment, "status", "--show-password")).Output.ShouldContain(password);
        (await CliProcess.RunAsync(environment, "status", "--format", "env")).Output.ShouldContain(password);

        // And the URI status prints is a connection string every verb takes
        var sessions = await CliProcess.RunAsync(environment, "sessions", "--connection", fields["uri"].GetString()!);
        sessions.ExitCode.ShouldBe(0, sessions.Error);

        await using (var tcp = new NpgsqlConnection(fields["npgsql"].GetString()))
        {
            await tcp.OpenAsync(TestContext.Current.CancellationToken);
            (await Scalar(tcp, "SHOW listen_addresses")).ShouldBe("127.0.0.1");
            (await Scalar(tcp, "SHOW shared_preload_libraries")).ShouldBe("tracelab_probe");
            (await Scalar(tcp, "SHOW tracelab.enabled")).ShouldBe("off", "the event store's own traffic is not recorded");
        }

        // And loopback TCP needs the generated password, while the private socket directory trusts
        var wrong = new NpgsqlConnectionStringBuilder(fields["npgsql"].GetString()) { Password = "wrong" };
        await Should.ThrowAsync<PostgresException>(async () =>
        {
            await using var bad = new NpgsqlConnection(wrong.ConnectionString);
            await bad.OpenAsync(TestContext.Current.CancellationToken);
        });
        var socket = new NpgsqlConnectionStringBuilder
        {
            Host = fields["socket_dir"].GetString(),
            Port = fields["port"].GetInt32(),
            Username = "postgres",
            Database = "postgres",
        };
        await using (var local = new NpgsqlConnection(socket.ConnectionString))
        {
            await local.OpenAsync(TestContext.Current.CancellationToken);
        }

        File.GetUnixFileMode(fields["socket_dir"].GetString()!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var state = new DirectoryInfo(environment["TRACELAB_HOME"]).ResolveLinkTarget(returnFinalTarget: true)?.FullName
            ?? environment["TRACELAB_HOME"];
        File.GetUnixFileMode(Path.Combine(state, "password")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // And down stops it
        var down = await CliProcess.RunAsync(environment, "down");
        down.ExitCode.ShouldBe(0, down.Error);
        (await CliProcess.RunAsync(environment, "status")).ExitCode.ShouldBe(3);
    }

    private static Dictionary<string, JsonElement> Json(CliResult result) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(result.Output)
        ?? throw new InvalidOperationException("status printed no JSON");

    private static async Task<string?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
