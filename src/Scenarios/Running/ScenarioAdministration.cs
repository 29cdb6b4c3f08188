using System.Globalization;
using Npgsql;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Naming;

namespace TraceLab.Scenarios.Running;

/// <summary>The runner's own, unrecorded work on the server: the scenario's database and roles, the backends it
/// waits for, and the queries of <c>@wait</c> and the reality check.</summary>
/// <remarks>Every connection switches the probe off for itself, so only the scenario's steps are recorded.</remarks>
internal sealed class ScenarioAdministration(SuiteServer server, RoleRenamer names, TimeProvider time)
{
    private const string MaintenanceDatabase = "postgres";

    /// <summary>Creates the database <c>&lt;prefix&gt;db</c> and every header role, then the memberships.</summary>
    public async Task CreateAsync(IReadOnlyList<RoleDeclaration> roles, string password, CancellationToken ct)
    {
        await using var admin = await OpenAsync(MaintenanceDatabase, ct);
        await ExecuteAsync(admin, $"CREATE DATABASE {Quote(names.Database)}", ct);
        foreach (var role in roles)
        {
            await ExecuteAsync(admin, string.Join(' ',
                $"CREATE ROLE {Quote(names.RoleName(role.Name))}",
                role.Login ? "LOGIN" : "NOLOGIN",
                $"PASSWORD '{password}'",
                role.Superuser ? "SUPERUSER" : "NOSUPERUSER",
                role.CreateDb ? "CREATEDB" : "NOCREATEDB",
                role.CreateRole ? "CREATEROLE" : "NOCREATEROLE",
                role.BypassRls ? "BYPASSRLS" : "NOBYPASSRLS",
                role.Inherit ? "INHERIT" : "NOINHERIT"), ct);
        }

        foreach (var role in roles)
        {
            foreach (var group in role.MemberOf)
            {
                await ExecuteAsync(admin, $"GRANT {Quote(names.RoleName(group))} TO {Quote(names.RoleName(role.Name))}", ct);
            }
        }
    }

    /// <summary>Puts <paramref name="enforcement"/> on the scenario's database: every session that starts in it from now
    /// on (the steps' and autovacuum workers') runs under it, unless it sets its own (the runner's sessions do).</summary>
    /// <remarks>The probe's check of <c>tracelab.enforce_policy</c> reads and parses the file here, as the server's OS
    /// user: a file it cannot load fails this command with the probe's reason.</remarks>
    public async Task EnforceAsync(ScenarioEnforcement enforcement, CancellationToken ct)
    {
        await using var admin = await OpenAsync(MaintenanceDatabase, ct);
        if (enforcement.PolicyFile is { } file)
        {
            await ExecuteAsync(admin,
                $"ALTER DATABASE {Quote(names.Database)} SET {ScenarioEnforcement.PolicySetting} = {Literal(file)}", ct);
        }

        await ExecuteAsync(admin,
            $"ALTER DATABASE {Quote(names.Database)} SET {ScenarioEnforcement.ModeSetting} = {Literal(enforcement.Mode)}", ct);
    }

    /// <summary>Drops the database and the roles, whatever of them exists.</summary>
    public async Task DropAsync(IReadOnlyList<RoleDeclaration> roles, CancellationToken ct)
    {
        await using var admin = await OpenAsync(MaintenanceDatabase, ct);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Quote(names.Database)} WITH (FORCE)", ct);
        foreach (var role in roles)
        {
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {Quote(names.RoleName(role.Name))}", ct);
        }
    }

    /// <summary>The pids of the backends connected to the scenario's database as <paramref name="role"/> (any role when
    /// <c>null</c>).</summary>
    public async Task<List<int>> BackendsAsync(string? role, CancellationToken ct)
    {
        await using var admin = await OpenAsync(MaintenanceDatabase, ct);
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND ($2::text IS NULL OR usename = $2) AND pid <> pg_backend_pid()",
            admin)
        {
            Parameters = { new() { Value = names.Database }, new() { Value = (object?)role ?? DBNull.Value } },
        };
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    /// <summary>Waits until none of <paramref name="pids"/> (every backend of the database when <c>null</c>) is
    /// running; <c>false</c> when they still are after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(IReadOnlyCollection<int>? pids, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var running = await BackendsAsync(null, ct);
            if (!running.Any(p => pids is null || pids.Contains(p)))
            {
                return true;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }

    /// <summary>The first column of the first row of <paramref name="sql"/> run in the scenario's database, in
    /// PostgreSQL's text form as psql prints it unaligned (<c>t</c>, <c>42</c>); empty for NULL or no row.</summary>
    public static async Task<string> QueryTextAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        // Every column in text form: the server's own output function, which is what psql prints.
        await using var command = new NpgsqlCommand(sql, connection) { AllResultTypesAreUnknown = true };
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) && reader.FieldCount > 0 && !reader.IsDBNull(0)
            ? reader.GetString(0)
            : "";
    }

    /// <summary>An unrecorded superuser connection to the scenario's database.</summary>
    public Task<NpgsqlConnection> OpenScenarioDatabaseAsync(CancellationToken ct) => OpenAsync(names.Database, ct);

    private async Task<NpgsqlConnection> OpenAsync(string database, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(server.Admin(database));
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string Quote(string identifier) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
}
