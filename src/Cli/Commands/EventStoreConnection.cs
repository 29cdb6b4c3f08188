using System.Globalization;
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
    internal static CliException? Describe(Exception exception, NpgsqlConnectionStringBuilder target) => exception switch
    {
        OperationCanceledException => null,
        PostgresException pg => CliException.Create(
            "could not connect to the event store",
            $"The server at {Where(target)} answered: {pg.MessageText} (SQLSTATE {pg.SqlState}).",
            HintFor(pg.SqlState),
            pg),
        NpgsqlException npgsql when npgsql.InnerException is not OperationCanceledException => CliException.Create(
            "could not connect to the event store",
            $"Connecting to database \"{target.Database}\" at {Where(target)} failed: {Sentence(Innermost(npgsql).Message)}",
            DefaultHint,
            npgsql),
        ArgumentException or InvalidOperationException => InvalidConnectionString(exception),
        _ => null,
    };

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
        "Give an Npgsql connection string with --connection or TRACELAB_CONNECTION, for example "
        + "\"Host=localhost;Port=5432;Username=postgres;Database=tracelab_events\".");

    private static string Where(NpgsqlConnectionStringBuilder target) =>
        string.Create(CultureInfo.InvariantCulture, $"{target.Host}:{target.Port}");

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static string Sentence(string message)
    {
        var trimmed = message.Trim().TrimEnd('.');
        return trimmed.Length == 0 ? "No reason was given." : trimmed + ".";
    }
}
