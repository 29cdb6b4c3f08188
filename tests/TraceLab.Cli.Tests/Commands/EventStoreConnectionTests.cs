using System.Net.Sockets;
using Npgsql;
using TraceLab.Cli.Commands;

namespace TraceLab.Cli.Tests.Commands;

public sealed class EventStoreConnectionTests
{
    private static readonly NpgsqlConnectionStringBuilder Target =
        new("Host=db.example;Port=6543;Username=recorder;Password=s3cret;Database=events");

    [Fact]
    public void A_refused_connection_names_the_server_and_database_but_not_the_password()
    {
        var error = EventStoreConnection.Describe(
            new NpgsqlException("Failed to connect to db.example:6543", new SocketException((int)SocketError.ConnectionRefused)), Target);

        error.ShouldNotBeNull();
        error.Message.ShouldBe("connection to server at \"db.example\", port 6543 failed: Connection refused");
        error.Detail.ShouldBe("The event store is database \"events\" there.");
        error.Hint.ShouldBe("Is the server running on that host and accepting TCP/IP connections? "
            + "Check --connection or TRACELAB_CONNECTION, or run \"tracelab up\" for the embedded cluster.");
        $"{error.Message}{error.Detail}{error.Hint}".ShouldNotContain("s3cret");
    }

    [Theory]
    [InlineData("28P01", "password authentication failed for user \"recorder\"", "Check the user name and password in --connection or TRACELAB_CONNECTION.")]
    [InlineData("3D000", "database \"events\" does not exist", "Create the database, or name an existing one in --connection or TRACELAB_CONNECTION.")]
    [InlineData("53300", "sorry, too many clients already", "Check --connection or TRACELAB_CONNECTION, or run \"tracelab up\" for the embedded cluster.")]
    public void A_server_that_refuses_the_session_is_quoted_with_its_sqlstate_and_a_hint_that_fits(string sqlState, string message, string hint)
    {
        var error = EventStoreConnection.Describe(new PostgresException(message, "FATAL", "FATAL", sqlState), Target);

        error.ShouldNotBeNull();
        error.Message.ShouldBe($"connection to server at \"db.example\", port 6543 failed: FATAL:  {message}");
        error.Detail.ShouldBe($"The server refused the event store session (SQLSTATE {sqlState}) for database \"events\".");
        error.Hint.ShouldBe(hint);
    }

    [Fact]
    public void An_unknown_host_is_named_as_psql_names_it()
    {
        var error = EventStoreConnection.Describe(new SocketException((int)SocketError.HostNotFound), Target);

        error.ShouldNotBeNull();
        error.Message.ShouldStartWith("could not translate host name \"db.example\" to address: ");
        error.Detail.ShouldBe("The event store was looked for at db.example:6543, database \"events\".");
    }

    [Fact]
    public void A_socket_directory_is_named_by_its_socket_file()
    {
        var error = EventStoreConnection.Describe(
            new NpgsqlException("Failed", new SocketException((int)SocketError.AddressNotAvailable)),
            new NpgsqlConnectionStringBuilder("Host=/run/pg;Port=5433;Username=u"));

        error.ShouldNotBeNull();
        error.Message.ShouldStartWith("connection to server on socket \"/run/pg/.s.PGSQL.5433\" failed: ");
        error.Detail.ShouldBe("The event store is database \"u\" there.");
    }

    [Fact]
    public void A_cancelled_connection_attempt_is_not_reported_as_a_failure()
    {
        EventStoreConnection.Describe(new OperationCanceledException(), Target).ShouldBeNull();
        EventStoreConnection.Describe(new NpgsqlException("Exception while connecting", new OperationCanceledException()), Target)
            .ShouldBeNull();
    }

    [Fact]
    public async Task An_unparsable_connection_string_is_an_error_with_an_example()
    {
        var error = await Should.ThrowAsync<CliException>(
            EventStoreConnection.CheckAsync("Host=localhost;Port=abc", TestContext.Current.CancellationToken));

        error.Message.ShouldBe("invalid event store connection string");
        error.Hint.ShouldNotBeNull().ShouldContain("Host=localhost;Port=5432;Username=postgres;Database=tracelab_events");
    }
}
