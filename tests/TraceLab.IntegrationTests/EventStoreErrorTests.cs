using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>An event store that cannot be used is one PostgreSQL-style error (error, detail, hint) and exit code 1, for
/// the command that writes (record, which starts Wolverine) and those that only read (sessions, replay).</summary>
public sealed class EventStoreErrorTests(TestCluster cluster)
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var store in new[] { "unreachable", "wrong password", "missing database" })
        {
            foreach (var command in new[] { "record", "sessions", "replay" })
            {
                data.Add(store, command, "key-value");
            }

            // libpq's URI form, as "tracelab status" prints it, through TRACELAB_CONNECTION.
            data.Add(store, "sessions", "uri");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_unusable_event_store_is_one_clean_error(string store, string command, string form)
    {
        // Given a connection string that cannot work
        var connection = new NpgsqlConnectionStringBuilder(cluster.EventStore);
        var (error, detail, hint) = store switch
        {
            "unreachable" => Unreachable(connection),
            "wrong password" => WrongPassword(connection),
            _ => MissingDatabase(connection),
        };

        // When a command uses it
        var spool = Directory.CreateTempSubdirectory("tracelab-empty-spool-");
        string[] arguments = command switch
        {
            "record" => ["record", "--once", "--spool", spool.FullName],
            "sessions" => ["sessions"],
            _ => ["replay", "--all", "--policy", "permissive"],
        };
        var result = form == "uri"
            ? await CliProcess.RunAsync(new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = Uri(connection) }, arguments)
            : await CliProcess.RunAsync(null, [.. arguments, "--connection", connection.ConnectionString]);
        spool.Delete();

        // Then the error is printed once, in three lines, and nothing else (no "Hosting failed to start", no trace)
        result.ExitCode.ShouldBe(1, result.Error);
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            error,
            detail,
            hint,
        ]);
    }

    private static (string Error, string Detail, string Hint) Unreachable(NpgsqlConnectionStringBuilder connection)
    {
        connection.Host = "127.0.0.1";
        connection.Port = 1;
        return ("error: connection to server at \"127.0.0.1\", port 1 failed: Connection refused",
            $"detail: The event store is database \"{connection.Database}\" there.",
            "hint: Is the server running on that host and accepting TCP/IP connections? "
            + "Check --connection or TRACELAB_CONNECTION, or run \"tracelab up\" for the embedded cluster.");
    }

    private static (string Error, string Detail, string Hint) WrongPassword(NpgsqlConnectionStringBuilder connection)
    {
        connection.Password = "not-the-password";
        return ($"error: connection to server at \"{connection.Host}\", port {connection.Port} failed: "
                + $"FATAL:  password authentication failed for user \"{connection.Username}\"",
            $"detail: The server refused the event store session (SQLSTATE 28P01) for database \"{connection.Database}\".",
            "hint: Check the user name and password in --connection or TRACELAB_CONNECTION.");
    }

    private static (string Error, string Detail, string Hint) MissingDatabase(NpgsqlConnectionStringBuilder connection)
    {
        connection.Database = "tracelab_no_such_database";
        return ($"error: connection to server at \"{connection.Host}\", port {connection.Port} failed: "
                + "FATAL:  database \"tracelab_no_such_database\" does not exist",
            "detail: The server refused the event store session (SQLSTATE 3D000) for database \"tracelab_no_such_database\".",
            "hint: Create the database, or name an existing one in --connection or TRACELAB_CONNECTION.");
    }

    /// <summary><paramref name="connection"/> as a libpq URI, every part percent-encoded.</summary>
    private static string Uri(NpgsqlConnectionStringBuilder connection) =>
        $"postgresql://{System.Uri.EscapeDataString(connection.Username ?? "")}:{System.Uri.EscapeDataString(connection.Password ?? "")}"
        + $"@{connection.Host}:{connection.Port}/{System.Uri.EscapeDataString(connection.Database ?? "")}?sslmode=disable";
}
