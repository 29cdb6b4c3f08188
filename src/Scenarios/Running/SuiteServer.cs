using Npgsql;

namespace TraceLab.Scenarios.Running;

/// <summary>Where a suite runs: a PostgreSQL 15 server with the probe, its spool directory, the event store, and the psql
/// client that drives the sessions.</summary>
/// <param name="SuperuserConnectionString">Npgsql connection string of the bootstrap superuser on the recorded server
/// (any database; the runner picks its own).</param>
/// <param name="PsqlPath">PostgreSQL 15's psql.</param>
/// <param name="SpoolDirectory">The probe's spool directory on that server.</param>
/// <param name="EventStoreConnectionString">Npgsql connection string of the event store the recordings are ingested into.</param>
public sealed record SuiteServer(string SuperuserConnectionString, string PsqlPath, string SpoolDirectory, string EventStoreConnectionString)
{
    /// <summary>The probe's switch, off for every session the runner opens for itself (a superuser-only setting).</summary>
    public const string Unrecorded = "-c tracelab.enabled=off";

    /// <summary>Whether the runner's own sessions (setup, waits, the reality check, administration) also switch the
    /// probe's enforcement off for themselves (<c>suite run --enforce</c>; the setting exists from extension 0.7 on).</summary>
    public bool Unenforced { get; init; }

    /// <summary>The options of every session the runner opens for itself.</summary>
    private string RunnerOptions => Unenforced
        ? $"{Unrecorded} -c {ScenarioEnforcement.ModeSetting}={ScenarioEnforcement.OffMode}"
        : Unrecorded;

    /// <summary>An unrecorded, unpooled superuser connection string to <paramref name="database"/>.</summary>
    public string Admin(string database) => new NpgsqlConnectionStringBuilder(SuperuserConnectionString)
    {
        Database = database,
        Pooling = false,
        Options = RunnerOptions,
        ApplicationName = "tracelab-suite",
    }.ConnectionString;

    /// <summary>The libpq environment of a psql session as <paramref name="role"/> (the bootstrap superuser when
    /// <c>null</c>) in <paramref name="database"/>.</summary>
    public IReadOnlyDictionary<string, string?> PsqlEnvironment(
        string database, string? role, string? password, string applicationName, bool recorded)
    {
        var builder = new NpgsqlConnectionStringBuilder(SuperuserConnectionString);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PGHOST"] = builder.Host,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = role ?? builder.Username,
            ["PGPASSWORD"] = role is null ? builder.Password : password,
            ["PGDATABASE"] = database,
            ["PGAPPNAME"] = applicationName,
            ["PGOPTIONS"] = recorded ? null : RunnerOptions,
            ["PGCLIENTENCODING"] = "UTF8",
            ["PGCONNECT_TIMEOUT"] = "10",
            ["PGSERVICE"] = null,
            ["PGSERVICEFILE"] = null,
            ["PGPASSFILE"] = null,
            ["PGTZ"] = null,
            ["PGDATESTYLE"] = null,
        };
    }
}
