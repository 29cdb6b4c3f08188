using Npgsql;

namespace TraceLab.Cli.Demo;

/// <summary>How scenario code reaches a server running the probe: a superuser connection string to start from.</summary>
/// <remarks>
/// Every other connection string is derived from it: the same host and port, another database or role.
/// Administration runs with the probe switched off for its session (<c>tracelab.enabled</c> is superuser-only),
/// so only the scenario's own sessions are recorded.
/// </remarks>
internal sealed class ServerAccess(string superuserConnectionString)
{
    /// <summary>An unrecorded superuser connection to <paramref name="database"/>.</summary>
    public string Admin(string database) => new NpgsqlConnectionStringBuilder(superuserConnectionString)
    {
        Database = database,
        Pooling = false,
        Options = "-c tracelab.enabled=off",
    }.ConnectionString;

    /// <summary>Recorded logins as <paramref name="role"/> with <paramref name="password"/>.</summary>
    /// <remarks>Type loading is off: Npgsql would otherwise query the type catalog first, and those queries would be
    /// recorded in the session as if the scenario had run them.</remarks>
    public NpgsqlDataSource Login(string database, string role, string password, string applicationName)
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(superuserConnectionString)
        {
            Database = database,
            Username = role,
            Password = password,
            ApplicationName = applicationName,
            Pooling = false,
            Options = null,
        }.ConnectionString);
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        return builder.Build();
    }
}
