using Npgsql;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>An event store that cannot be used is one PostgreSQL-style error (error, detail, hint) and exit code 1, for
/// the command that writes (record, which starts Wolverine) and those that only read (sessions, replay).</summary>
public sealed class EventStoreErrorTests(TestCluster cluster)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var store in new[] { "unreachable", "wrong password", "missing database" })
        {
            foreach (var command in new[] { "record", "sessions", "replay" })
            {
                data.Add(store, command);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_unusable_event_store_is_one_clean_error(string store, string command)
    {
        // Given a connection string that cannot work
        var connection = new NpgsqlConnectionStringBuilder(cluster.EventStore);
        var (detail, hint) = store switch
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
        var result = await CliProcess.RunAsync(null, [.. arguments, "--connection", connection.ConnectionString]);
        spool.Delete();

        // Then the error is printed once, in three lines, and nothing else (no "Hosting failed to start", no trace)
        result.ExitCode.ShouldBe(1, result.Error);
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "error: could not connect to the event store",
            detail,
            hint,
        ]);
    }

    private static (string Detail, string Hint) Unreachable(NpgsqlConnectionStringBuilder connection)
    {
        connection.Host = "127.0.0.1";
        connection.Port = 1;
        return ($"detail: Connecting to database \"{connection.Database}\" at 127.0.0.1:1 failed: Connection refused.",
            "hint: Check --connection or TRACELAB_CONNECTION, or run \"tracelab up\" for the embedded cluster.");
    }

    private static (string Detail, string Hint) WrongPassword(NpgsqlConnectionStringBuilder connection)
    {
        connection.Password = "not-the-password";
        return ($"detail: The server at {connection.Host}:{connection.Port} answered: "
                + $"password authentication failed for user \"{connection.Username}\" (SQLSTATE 28P01).",
            "hint: Check the user name and password in --connection or TRACELAB_CONNECTION.");
    }

    private static (string Detail, string Hint) MissingDatabase(NpgsqlConnectionStringBuilder connection)
    {
        connection.Database = "tracelab_no_such_database";
        return ($"detail: The server at {connection.Host}:{connection.Port} answered: "
                + "database \"tracelab_no_such_database\" does not exist (SQLSTATE 3D000).",
            "hint: Create the database, or name an existing one in --connection or TRACELAB_CONNECTION.");
    }
}
