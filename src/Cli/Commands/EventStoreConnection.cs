using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace TraceLab.Cli.Commands;

/// <summary>Opens one connection to the event store before anything is built on it, so that an unreachable server, a
/// wrong password or a missing database is one error in PostgreSQL's style that says where tracelab looked.</summary>
/// <remarks>Without it the first connection is opened deep inside Marten (or while the Recorder's host starts), and
/// what reaches the user is the library's exception; the password is never part of a report.</remarks>
internal static class EventStoreConnection
{
    private const string DefaultHint =
        "Check --connection or TRACELAB_CONNECTION, or run \"tracelab up\" for the embedded cluster.";

    /// <summary>Connects to the event store at <paramref name="connectionString"/> once and closes the connection.</summary>
    /// <exception cref="CliException">The connection string is invalid, or the server cannot be reached or refuses
    /// the connection.</exception>
    public static async Task CheckAsync(string connectionString, CancellationToken ct)
    {
        NpgsqlConnectionStringBuilder target;
        try
        {
            // Not pooled: this connection is opened once, and Marten keeps a pool of its own.
            target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        }
        catch (ArgumentException e)
        {
            throw InvalidConnectionString(e);
        }

        try
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (Describe(e, target) is { } error)
        {
            throw error;
        }
    }

    /// <summary>The report for a failure to connect to <paramref name="target"/>, or null when
    /// <paramref name="exception"/> is not one (a cancellation, a programming error).</summary>
    /// <remarks>The message is psql's (<c>connection to server at "127.0.0.1", port 5999 failed: Connection
    /// refused</c>), so that it reads the same whichever tool a DBA tried first.</remarks>
    internal static CliException? Describe(Exception exception, NpgsqlConnectionStringBuilder target) => exception switch
    {
        OperationCanceledException => null,
        PostgresException pg => CliException.Create(
            $"{Server(target)} failed: {pg.Severity}:  {pg.MessageText}",
            $"The server refused the event store session (SQLSTATE {pg.SqlState}) for database \"{Database(target)}\".",
            HintFor(pg.SqlState),
            pg),
        // Npgsql lets a failed name lookup through as it is, without an NpgsqlException around it.
        NpgsqlException or SocketException when exception.InnerException is not OperationCanceledException
                                               && Innermost(exception) is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } unknown
            => CliException.Create(
                $"could not translate host name \"{target.Host}\" to address: {Phrase(unknown.Message)}",
                $"The event store was looked for at {Where(target)}, database \"{Database(target)}\".",
                DefaultHint,
                exception),
        NpgsqlException or SocketException when exception.InnerException is not OperationCanceledException => CliException.Create(
            $"{Server(target)} failed: {Phrase(Innermost(exception).Message)}",
            $"The event store is database \"{Database(target)}\" there.",
            target.Host?.StartsWith('/') == true
                ? "Is the server running locally and accepting connections on that socket? " + DefaultHint
                : "Is the server running on that host and accepting TCP/IP connections? " + DefaultHint,
            exception),
        ArgumentException or InvalidOperationException => InvalidConnectionString(exception),
        _ => null,
    };

    /// <summary>psql's name for the server: <c>connection to server at "host", port 5432</c>, or <c>on socket</c>.</summary>
    private static string Server(NpgsqlConnectionStringBuilder target) => target.Host?.StartsWith('/') == true
        ? string.Create(CultureInfo.InvariantCulture, $"connection to server on socket \"{target.Host}/.s.PGSQL.{target.Port}\"")
        : string.Create(CultureInfo.InvariantCulture, $"connection to server at \"{target.Host}\", port {target.Port}");

    private static string HintFor(string sqlState) => sqlState switch
    {
        PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
            "Check the user name and password in --connection or TRACELAB_CONNECTION.",
        PostgresErrorCodes.InvalidCatalogName =>
            "Create the database, or name an existing one in --connection or TRACELAB_CONNECTION.",
        _ => DefaultHint,
    };

    private static CliException InvalidConnectionString(Exception e) => CliException.Create(
        "invalid event store connection string",
        Sentence(e.Message),
        "Give --connection or TRACELAB_CONNECTION a URI such as \"postgresql://postgres@localhost:5432/tracelab_events\" "
        + "or an Npgsql connection string such as \"Host=localhost;Port=5432;Username=postgres;Database=tracelab_events\".");

    private static string Where(NpgsqlConnectionStringBuilder target) =>
        string.Create(CultureInfo.InvariantCulture, $"{target.Host}:{target.Port}");

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    /// <summary>The database Npgsql connects to: the one named, else the user's own, as libpq does.</summary>
    private static string? Database(NpgsqlConnectionStringBuilder target) => target.Database ?? target.Username;

    private static string Phrase(string message) => message.Trim().TrimEnd('.');

    private static string Sentence(string message)
    {
        var trimmed = message.Trim().TrimEnd('.');
        return trimmed.Length == 0 ? "No reason was given." : trimmed + ".";
    }
}
