using Npgsql;

namespace TraceLab.Cli.Cluster;

/// <summary>How to reach the embedded cluster: loopback TCP with a password, or the private socket directory.</summary>
internal sealed record ClusterConnection(
    string Host, int Port, string SocketDirectory, string DataDirectory, string SpoolDirectory, string Password)
{
    /// <summary>The bootstrap superuser.</summary>
    public const string Superuser = "postgres";

    /// <summary>The database that holds the Marten event store.</summary>
    public const string EventStoreDatabase = "tracelab_events";

    /// <summary>libpq URI of the event-store database over loopback TCP.</summary>
    public string Uri =>
        $"postgresql://{Superuser}:{System.Uri.EscapeDataString(Password)}@{Host}:{Port}/{EventStoreDatabase}";

    /// <summary>Npgsql connection string of the event-store database over loopback TCP.</summary>
    public string Npgsql => TcpConnectionString(EventStoreDatabase);

    /// <summary>Npgsql connection string for <paramref name="database"/> over loopback TCP as the bootstrap superuser.</summary>
    public string TcpConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = Superuser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Npgsql connection string over the private socket directory (trust authentication) for any role.</summary>
    /// <remarks>An unrecorded connection switches the probe off for its session (a superuser-only setting), so
    /// tracelab's own administration never shows up among the recorded sessions.</remarks>
    public string SocketConnectionString(string database, string role = Superuser, string? applicationName = null, bool recorded = true) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = SocketDirectory,
            Port = Port,
            Username = role,
            Database = database,
            ApplicationName = applicationName,
            Pooling = false,
            Options = recorded ? null : "-c tracelab.enabled=off",
        }.ConnectionString;
}
