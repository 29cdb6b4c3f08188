namespace TraceLab.Cli.Cluster;

/// <summary>Where PostgreSQL 15's server programs and its extension build system (PGXS) live.</summary>
internal sealed record PostgresInstallation(string BinDirectory, string PgConfig)
{
    /// <summary>Debian's location of PostgreSQL 15; <c>TRACELAB_PG_BINDIR</c> overrides it.</summary>
    private const string DebianBinDirectory = "/usr/lib/postgresql/15/bin";

    public string Initdb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>Finds PostgreSQL 15 and its server headers, or explains which Debian package is missing.</summary>
    public static PostgresInstallation Locate(bool needBuildTools)
    {
        var bin = Environment.GetEnvironmentVariable("TRACELAB_PG_BINDIR") is { Length: > 0 } custom ? custom : DebianBinDirectory;
        var postgres = Path.Combine(bin, "postgres");
        if (!File.Exists(postgres))
        {
            throw CliException.MissingPackage("the PostgreSQL 15 server", postgres, "postgresql-15");
        }

        var installation = new PostgresInstallation(bin, Path.Combine(bin, "pg_config"));
        if (needBuildTools)
        {
            installation.CheckBuildTools();
        }

        return installation;
    }

    private void CheckBuildTools()
    {
        if (!File.Exists(PgConfig))
        {
            throw CliException.MissingPackage("pg_config for PostgreSQL 15", PgConfig, "postgresql-server-dev-15");
        }

        // pg_config ships with libpq-dev too; the server headers and PGXS come only with the -dev package.
        var headers = "/usr/include/postgresql/15/server/postgres.h";
        if (BinDirectory == DebianBinDirectory && !File.Exists(headers))
        {
            throw CliException.MissingPackage("the PostgreSQL 15 server headers", headers, "postgresql-server-dev-15");
        }

        foreach (var tool in new[] { "make", "gcc" })
        {
            if (!ExistsOnPath(tool))
            {
                throw CliException.Create(
                    $"could not find the build tool \"{tool}\"",
                    "The probe is a C extension built with PGXS.",
                    $"Install it: apt-get install {tool}");
            }
        }
    }

    private static bool ExistsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
