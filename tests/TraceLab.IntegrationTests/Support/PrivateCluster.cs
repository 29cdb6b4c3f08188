using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using TraceLab.Cli.Cluster;
using TraceLab.Cli.Demo;
using TraceLab.Events;
using TraceLab.Recorder.Hosting;
using TraceLab.Recorder.Ingest;
using TraceLab.Store;

namespace TraceLab.IntegrationTests.Support;

/// <summary>A throwaway PostgreSQL 15 cluster with the probe preloaded, for what the shared test cluster must not
/// suffer: another spool directory, server-wide settings, crashes and restarts.</summary>
/// <remarks>
/// <para>Made the way <c>tracelab up</c> makes the embedded cluster (<see cref="EmbeddedCluster"/>): <c>initdb</c> and
/// <c>pg_ctl</c> run as the <c>postgres</c> OS user when the tests run as root (PostgreSQL refuses root), the probe is
/// loaded through <c>shared_preload_libraries</c> from a private library directory named in
/// <c>dynamic_library_path</c>. Everything lives under <c>/var/tmp/tracelab-it-*</c>, which that user can reach: data,
/// socket, spool and log directories. The server listens on a free loopback port and on its private socket directory,
/// where every role is trusted; crash-safety settings are off, since nothing of it outlives the test.</para>
/// <para>Disposing stops the server (immediately), unmounts a tmpfs spool directory and removes everything.</para>
/// </remarks>
internal sealed class PrivateCluster : IAsyncDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Reachable = Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly SemaphoreSlim Building = new(1, 1);

    private readonly ClusterUser user = ClusterUser.ForThisProcess();
    private readonly PostgresInstallation postgres = PostgresInstallation.Locate(needBuildTools: false);
    private readonly List<NpgsqlDataSource> sources = [];
    private RecorderHost? recorder;
    private bool mounted;
    private bool started;

    private PrivateCluster(string root) => Root = root;

    /// <summary>The directory holding everything of this cluster.</summary>
    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string SpoolDirectory => Path.Combine(Root, "spool");

    public string SocketDirectory => Path.Combine(Root, "sock");

    public string LogFile => Path.Combine(Root, "log", "postgres.log");

    public int Port { get; private set; }

    /// <summary>Npgsql connection string of the event store on this cluster (its own database, never recorded).</summary>
    public string EventStore => ConnectionString("tracelab_events", recorded: false);

    /// <summary>Whether this process may mount a tmpfs (it runs as root).</summary>
    public static bool CanMount => NativeMethods.IsRoot;

    /// <summary>Creates and starts a cluster.</summary>
    /// <param name="name">A short name for its directory, so a leftover says which test made it.</param>
    /// <param name="settings">Server settings appended to <c>postgresql.conf</c> (values as written there).</param>
    /// <param name="spoolTmpfsSize">When set, the spool directory is a tmpfs of this size (<c>2m</c>): root only.</param>
    public static async Task<PrivateCluster> StartAsync(
        string name, IReadOnlyDictionary<string, string>? settings = null, string? spoolTmpfsSize = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var cluster = new PrivateCluster(Path.Combine("/var/tmp", $"tracelab-it-{name}-{suffix}"));
        try
        {
            await cluster.CreateAsync(settings ?? new Dictionary<string, string>(), spoolTmpfsSize, ct);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>A connection string over the socket directory; unrecorded connections switch the probe off.</summary>
    public string ConnectionString(string database = "postgres", bool recorded = true, string role = "postgres",
        string? applicationName = null) =>
        new NpgsqlConnectionStringBuilder(
            new Cli.Cluster.ClusterConnection("127.0.0.1", Port, SocketDirectory, DataDirectory, SpoolDirectory, Password: "")
                .SocketConnectionString(database, role, applicationName, recorded))
        {
            // Tests compare DETAIL texts (enforcement raises the replayer's); Npgsql hides them unless asked.
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>Opens a recorded session; Npgsql loads no types on it, so it holds exactly the statements a test
    /// runs.</summary>
    public async Task<NpgsqlConnection> OpenRecordedAsync(string database, string role = "postgres", string? applicationName = null)
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString(database, recorded: true, role, applicationName ?? "tracelab-it"));
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        var source = builder.Build();
        lock (sources)
        {
            sources.Add(source);
        }

        return await source.OpenConnectionAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs <paramref name="sql"/> unrecorded, as the bootstrap superuser.</summary>
    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database, recorded: false));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Changes server settings with <c>ALTER SYSTEM</c> (null resets) and reloads the configuration.</summary>
    public async Task ReloadAsync(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (setting, value) in settings)
        {
            await ExecuteAsync(value is null
                ? $"ALTER SYSTEM RESET {setting}"
                : $"ALTER SYSTEM SET {setting} = '{value.Replace("'", "''", StringComparison.Ordinal)}'");
        }

        await ExecuteAsync("SELECT pg_reload_conf()");
        // Backends apply a reload when they next read a command; new ones read the file when they start. Give the
        // postmaster the moment it needs to re-read it before the next connection.
        await Task.Delay(300, TestContext.Current.CancellationToken);
    }

    /// <summary>Runs <paramref name="statements"/> on one recorded session as <paramref name="role"/>; returns the session
    /// id once the backend has exited, so its spool file is complete. Errors of the statements are ignored.</summary>
    public async Task<string> RunSessionAsync(string role, string database, params string[] statements)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var admin = new NpgsqlConnection(ConnectionString(recorded: false));
        await admin.OpenAsync(ct);
        string id;
        int pid;
        await using (var login = await OpenRecordedAsync(database, role))
        {
            pid = login.ProcessID;
            id = await SessionIdentity.OfAsync(login, admin, ct);
            foreach (var statement in statements)
            {
                await using var command = new NpgsqlCommand(statement, login);
                try
                {
                    await command.ExecuteNonQueryAsync(ct);
                }
                catch (PostgresException)
                {
                    // Statements may fail on purpose; the recording is what the test looks at.
                }
            }
        }

        await SessionIdentity.WaitForExitAsync(admin, [pid], TimeProvider.System, ct);
        return id;
    }

    /// <summary>Runs pgbench (as this process's user, through the socket directory) with <paramref name="arguments"/>; its
    /// sessions have <paramref name="applicationName"/>.</summary>
    public async Task<PgbenchRun> PgbenchAsync(string database, string applicationName, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(
            Path.Combine(postgres.BinDirectory, "pgbench"),
            ["-h", SocketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", .. arguments, database],
            Root,
            new Dictionary<string, string> { ["PGAPPNAME"] = applicationName },
            TestContext.Current.CancellationToken);
        return new PgbenchRun(result.ExitCode, result.Output);
    }

    /// <summary>Waits until the server log, from <paramref name="offset"/> on, contains <paramref name="text"/>.</summary>
    public async Task<bool> WaitForLogAsync(long offset, string text, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!ServerLog(offset).Contains(text, StringComparison.Ordinal))
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                return false;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return true;
    }

    /// <summary>The server log from byte <paramref name="offset"/> on.</summary>
    public string ServerLog(long offset = 0)
    {
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The length of the server log now, to read only what a test step adds.</summary>
    public long ServerLogLength => new FileInfo(LogFile).Length;

    /// <summary>A Recorder on this cluster's event store (started on first use, stopped with the cluster).</summary>
    public async Task<RecorderHost> RecorderAsync()
    {
        if (recorder is null)
        {
            await EnsureEventStoreAsync();
            recorder = await RecorderHost.StartAsync(EventStore, TestContext.Current.CancellationToken);
        }

        return recorder;
    }

    /// <summary>Creates the event store's database, unrecorded, unless it exists.</summary>
    public async Task EnsureEventStoreAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString(recorded: false));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = 'tracelab_events'", connection);
        if (await exists.ExecuteScalarAsync(TestContext.Current.CancellationToken) is null)
        {
            await ExecuteAsync("CREATE DATABASE tracelab_events");
            await ExecuteAsync("ALTER DATABASE tracelab_events SET tracelab.enabled = off");
        }
    }

    /// <summary>The OS user that owns <paramref name="path"/>.</summary>
    public static async Task<string> OwnerOfAsync(string path) =>
        (await ProcessRunner.RunCheckedAsync("stat", ["-c", "%U", path], ct: TestContext.Current.CancellationToken)).Trim();

    /// <summary>The OS user the server runs as.</summary>
    public string ServerUser => user.RunAs ?? Environment.UserName;

    /// <summary>Ingests the spool directory into this cluster's event store and lists the recorded sessions.</summary>
    public async Task<(SpoolIngestSummary Summary, IReadOnlyList<RecordedSessionSummary> Sessions)> IngestAsync()
    {
        var host = await RecorderAsync();
        var summary = await host.Ingestor.IngestOnceAsync(SpoolDirectory, TestContext.Current.CancellationToken);
        return (summary, await host.Sessions.ListSessionsAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The events of one recorded session, from this cluster's event store.</summary>
    public async Task<List<IRecordedFrame>> EventsAsync(string sessionId)
    {
        var host = await RecorderAsync();
        return await host.Sessions.ReadEventsAsync(sessionId, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Waits until the server accepts connections (after a crash restart, for example).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                await ExecuteAsync("SELECT 1");
                return;
            }
            catch (Exception e) when (e is NpgsqlException && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>Stops the server (fast) and starts it again on the same port; whether it started, and pg_ctl's
    /// output.</summary>
    public async Task<(bool Started, string Output)> RestartAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        if (started)
        {
            await user.RunAsync(postgres.PgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "stop"], Root, ct);
            started = false;
        }

        var start = await user.RunAsync(postgres.PgCtl, ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"], Root, ct);
        started = start.Succeeded;
        return (start.Succeeded, start.Output);
    }

    /// <summary>Changes the mode of the spool directory (as root, or as the server's user).</summary>
    public void ChmodSpool(UnixFileMode mode) => File.SetUnixFileMode(SpoolDirectory, mode);

    public async ValueTask DisposeAsync()
    {
        if (recorder is not null)
        {
            await recorder.DisposeAsync();
        }

        foreach (var source in sources)
        {
            await source.DisposeAsync();
        }

        if (started)
        {
            await user.RunAsync(postgres.PgCtl, ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], Root, CancellationToken.None);
        }

        if (mounted)
        {
            await ProcessRunner.RunAsync("umount", [SpoolDirectory]);
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private async Task CreateAsync(IReadOnlyDictionary<string, string> settings, string? spoolTmpfsSize, CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Root, Reachable);
        var library = Path.Combine(Root, "lib");
        await Building.WaitAsync(ct);
        try
        {
            await ProbeBuilder.BuildAndInstallAsync(CheckoutRoot.Path, PostgresInstallation.Locate(needBuildTools: true), library, ct);
        }
        finally
        {
            Building.Release();
        }

        File.SetUnixFileMode(library, Reachable);
        foreach (var directory in new[] { DataDirectory, SpoolDirectory, SocketDirectory, Path.GetDirectoryName(LogFile)! })
        {
            Directory.CreateDirectory(directory);
            await user.TakeOwnershipAsync(directory, Private, ct);
        }

        if (spoolTmpfsSize is not null)
        {
            var owner = user.RunAs ?? Environment.UserName;
            var uid = (await ProcessRunner.RunCheckedAsync("id", ["-u", owner], ct: ct)).Trim();
            var gid = (await ProcessRunner.RunCheckedAsync("id", ["-g", owner], ct: ct)).Trim();
            await ProcessRunner.RunCheckedAsync("mount",
                ["-t", "tmpfs", "-o", $"size={spoolTmpfsSize},mode=0700,uid={uid},gid={gid}", "tracelab-it", SpoolDirectory], ct: ct);
            mounted = true;
        }

        await user.RunCheckedAsync(postgres.Initdb,
            ["-D", DataDirectory, "-U", "postgres", "-E", "UTF8", "--locale=C", "-N", "--auth-local=trust", "--auth-host=trust"],
            Root, ct);

        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            WriteConfiguration(library, settings);
            var start = await user.RunAsync(postgres.PgCtl,
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"], Root, ct);
            if (start.Succeeded)
            {
                started = true;
                return;
            }

            if (attempt == 2 || !ServerLog().Contains("could not bind", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The private cluster in {Root} did not start:\n{start.Output}\n{ServerLog()}");
            }
        }
    }

    private void WriteConfiguration(string library, IReadOnlyDictionary<string, string> settings)
    {
        var lines = new StringBuilder()
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketDirectory}'")
            .AppendLine("unix_socket_permissions = 0700")
            .AppendLine(CultureInfo.InvariantCulture, $"shared_preload_libraries = '{ProbeBuilder.LibraryName}'")
            .AppendLine(CultureInfo.InvariantCulture, $"dynamic_library_path = '{library}:$libdir'")
            .AppendLine(CultureInfo.InvariantCulture, $"tracelab.spool_directory = '{SpoolDirectory}'")
            .AppendLine("log_line_prefix = '%m [%p] '")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("shared_buffers = 16MB")
            .AppendLine("max_connections = 30")
            .AppendLine("autovacuum = off");
        foreach (var (setting, value) in settings)
        {
            lines.AppendLine(CultureInfo.InvariantCulture, $"{setting} = {value}");
        }

        File.WriteAllText(Path.Combine(DataDirectory, "tracelab-it.conf"), lines.ToString());
        var main = Path.Combine(DataDirectory, "postgresql.conf");
        if (!File.ReadAllText(main).Contains("tracelab-it.conf", StringComparison.Ordinal))
        {
            File.AppendAllText(main, "\ninclude = 'tracelab-it.conf'\n");
        }
    }

    private static int FreePort()
    {
        for (var i = 0; i < 200; i++)
        {
            var port = RandomNumberGenerator.GetInt32(27500, 29500);
            if (PortChooser.IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free loopback port between 27500 and 29500.");
    }
}

/// <summary>What a pgbench run printed.</summary>
internal sealed record PgbenchRun(int ExitCode, string Output)
{
    /// <summary>"number of transactions actually processed: N" (or N/M).</summary>
    public long Processed => Number(@"number of transactions actually processed: (\d+)");

    /// <summary>"number of failed transactions: N (…%)".</summary>
    public long Failed => Number(@"number of failed transactions: (\d+)");

    private long Number(string pattern)
    {
        var match = System.Text.RegularExpressions.Regex.Match(Output, pattern);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    /// <summary>Asserts a clean run: exit code 0, transactions processed, none failed, no client aborted.</summary>
    public void ShouldHaveFailedNothing()
    {
        ExitCode.ShouldBe(0, Output);
        Processed.ShouldBeGreaterThan(0, Output);
        Failed.ShouldBe(0, Output);
        Output.ShouldNotContain("aborted", Case.Insensitive, Output);
    }
}
