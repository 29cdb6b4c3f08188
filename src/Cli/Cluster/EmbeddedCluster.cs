using Npgsql;

namespace TraceLab.Cli.Cluster;

/// <summary>The private PostgreSQL 15 cluster under the checkout's state directory, with the probe preloaded.</summary>
internal sealed class EmbeddedCluster
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string checkoutRoot;
    private readonly string requestedState;
    private readonly ClusterUser user = ClusterUser.ForThisProcess();

    public EmbeddedCluster(string checkoutRoot)
    {
        this.checkoutRoot = checkoutRoot;
        requestedState = ClusterLayout.RequestedStateDirectory(checkoutRoot);
    }

    /// <summary>The cluster found in the default place: the checkout of this program.</summary>
    public static EmbeddedCluster ForCheckout() => new(CheckoutRoot.Find());

    /// <summary>Creates (first time), configures and starts the cluster; safe to run again.</summary>
    public async Task<ClusterConnection> UpAsync(Action<string> report, CancellationToken ct)
    {
        var postgres = PostgresInstallation.Locate(needBuildTools: true);
        var layout = await ClusterLayout.CreateAsync(requestedState, user, ct);
        if (layout.StateDirectory != layout.Requested)
        {
            report($"state directory {layout.Requested} -> {layout.StateDirectory} (reachable by the cluster's OS user)");
        }

        report("building the probe");
        var libraryChanged = await ProbeBuilder.BuildAndInstallAsync(checkoutRoot, postgres, layout.LibraryDirectory, ct);

        var settings = ClusterSettings.Load(layout.SettingsFile) ?? new ClusterSettings(PortChooser.Choose(layout.StateDirectory));
        settings.Save(layout.SettingsFile);
        var password = PasswordFile.ReadOrCreate(layout.PasswordFile);

        foreach (var directory in new[] { layout.SocketDirectory, layout.SpoolDirectory, layout.LogDirectory, layout.DataDirectory })
        {
            Directory.CreateDirectory(directory);
            await user.TakeOwnershipAsync(directory, PrivateDirectory, ct);
        }

        if (!layout.IsInitialized)
        {
            report("initializing the cluster");
            await user.RunCheckedAsync(postgres.Initdb,
                ["-D", layout.DataDirectory, "-U", ClusterConnection.Superuser, "-E", "UTF8", "--locale=C",
                 "--auth-local=trust", "--auth-host=scram-sha-256"],
                layout.StateDirectory, ct);
        }

        var configurationChanged = ServerConfiguration.Write(layout, settings.Port);
        var running = await IsRunningAsync(postgres, layout, ct);
        if (running && (libraryChanged || configurationChanged))
        {
            report("restarting the cluster (probe or configuration changed)");
            await user.RunCheckedAsync(postgres.PgCtl, ["-D", layout.DataDirectory, "-m", "fast", "-w", "stop"], layout.StateDirectory, ct);
            running = false;
        }

        if (!running)
        {
            if (!PortChooser.IsFree(settings.Port))
            {
                throw CliException.Create(
                    $"port {settings.Port} of the embedded cluster is in use",
                    $"Another program listens on 127.0.0.1:{settings.Port}.",
                    $"Stop that program, or delete \"{layout.SettingsFile}\" so that \"tracelab up\" chooses another port.");
            }

            report($"starting PostgreSQL on 127.0.0.1:{settings.Port}");
            await user.RunCheckedAsync(postgres.PgCtl,
                ["-D", layout.DataDirectory, "-l", layout.LogFile, "-w", "-t", "60", "start"], layout.StateDirectory, ct);
        }

        var connection = Connection(layout, settings, password);
        await EnsureEventStoreAsync(connection, password, ct);
        return connection;
    }

    /// <summary>Stops the cluster if it runs; true when it was running.</summary>
    public async Task<bool> DownAsync(CancellationToken ct)
    {
        var layout = ClusterLayout.Existing(requestedState);
        if (!layout.IsInitialized)
        {
            return false;
        }

        var postgres = PostgresInstallation.Locate(needBuildTools: false);
        if (!await IsRunningAsync(postgres, layout, ct))
        {
            return false;
        }

        await user.RunCheckedAsync(postgres.PgCtl, ["-D", layout.DataDirectory, "-m", "fast", "-w", "stop"], layout.StateDirectory, ct);
        return true;
    }

    /// <summary>What <c>tracelab status</c> prints: where everything is and whether the server runs.</summary>
    public async Task<ClusterStatus> StatusAsync(CancellationToken ct)
    {
        var layout = ClusterLayout.Existing(requestedState);
        var settings = ClusterSettings.Load(layout.SettingsFile);
        var password = PasswordFile.Read(layout.PasswordFile);
        if (settings is null || password is null || !layout.IsInitialized)
        {
            return new ClusterStatus(layout.Requested, Initialized: false, Running: false, null);
        }

        var postgres = PostgresInstallation.Locate(needBuildTools: false);
        var running = await IsRunningAsync(postgres, layout, ct);
        return new ClusterStatus(layout.Requested, Initialized: true, running, Connection(layout, settings, password));
    }

    /// <summary>The connection of the running cluster, or an error telling the user to start it.</summary>
    public async Task<ClusterConnection> RequireRunningAsync(CancellationToken ct)
    {
        var status = await StatusAsync(ct);
        return status is { Running: true, Connection: { } connection }
            ? connection
            : throw CliException.ClusterNotRunning(status.StateDirectory);
    }

    private static ClusterConnection Connection(ClusterLayout layout, ClusterSettings settings, string password) =>
        new("127.0.0.1", settings.Port, layout.SocketDirectory, layout.DataDirectory, layout.SpoolDirectory, password);

    private async Task<bool> IsRunningAsync(PostgresInstallation postgres, ClusterLayout layout, CancellationToken ct)
    {
        var result = await user.RunAsync(postgres.PgCtl, ["-D", layout.DataDirectory, "status"], layout.StateDirectory, ct);
        return result.Succeeded;
    }

    private static async Task EnsureEventStoreAsync(ClusterConnection connection, string password, CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(connection.SocketConnectionString("postgres", recorded: false));
        await admin.OpenAsync(ct);
        await using (var alter = new NpgsqlCommand($"ALTER ROLE {ClusterConnection.Superuser} PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'", admin))
        {
            await alter.ExecuteNonQueryAsync(ct);
        }

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", admin)
        {
            Parameters = { new() { Value = ClusterConnection.EventStoreDatabase } },
        };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await Execute(admin, $"CREATE DATABASE {ClusterConnection.EventStoreDatabase}", ct);
        }

        // The recorder's own traffic must not be recorded, or every ingest would create new spool files to ingest.
        await Execute(admin, $"ALTER DATABASE {ClusterConnection.EventStoreDatabase} SET tracelab.enabled = off", ct);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>The state of the embedded cluster.</summary>
internal sealed record ClusterStatus(string StateDirectory, bool Initialized, bool Running, ClusterConnection? Connection);
