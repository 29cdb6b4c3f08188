using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using Spectre.Console;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Recorder.Hosting;
using TraceLab.Replayer;
using TraceLab.Reports;

namespace TraceLab.Cli.Demo;

/// <summary>What a demo run recorded and how the policies judged it.</summary>
internal sealed record DemoResult(
    IReadOnlyDictionary<string, string> SessionIds,
    IReadOnlyDictionary<string, bool> AttackSucceeded,
    ReplayReport Report);

/// <summary>Runs the scripted demo against a server running the probe: set up, record, ingest, replay, print.</summary>
internal sealed class DemoRunner(IAnsiConsole console, TimeProvider time)
{
    /// <summary>The policies the demo compares.</summary>
    public static readonly string[] PolicyNames = ["permissive", "ddl-needs-trusted-chain"];

    /// <summary>Runs every step and prints the comparison.</summary>
    /// <param name="server">Superuser access to the recorded server.</param>
    /// <param name="spoolDirectory">That server's spool directory.</param>
    /// <param name="eventStore">Npgsql connection string of the event store.</param>
    public async Task<DemoResult> RunAsync(ServerAccess server, string spoolDirectory, string eventStore, CancellationToken ct)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        console.MarkupLine("[bold]1.[/] setting up database [bold]tracelab_demo[/]: alice (superuser), mallory (attacker), bob");
        await SetUpAsync(server, password, ct);

        console.MarkupLine("[bold]2.[/] recording real login sessions");
        var (ids, succeeded) = await RecordSessionsAsync(server, password, ct);

        await using var recorder = await RecorderHost.StartAsync(eventStore, ct);
        var ingested = await recorder.Ingestor.IngestOnceAsync(spoolDirectory, ct);
        console.MarkupLine(CultureInfo.InvariantCulture,
            "[bold]3.[/] ingested {0} events from {1} spool files into the event store", ingested.EventsAppended, ingested.FilesWithNewData);
        if (ingested.Errors.Count > 0)
        {
            throw ingested.Errors[0];
        }

        console.MarkupLine($"[bold]4.[/] replaying the demo sessions under {string.Join(" and ", PolicyNames.Select(n => $"[bold]{n}[/]"))}");
        var engine = new ReplayEngine(PolicyNames.Select(BuiltInPolicies.Get));
        var sessions = DemoScenario.Sessions.Select(s => new RecordedSession(ids[s.Name], recorder.Sessions.ReadEventsAsync(ids[s.Name], ct)));
        var report = await engine.ReplayAsync(sessions, ct);
        console.WriteLine();
        await using (var table = new TableReportWriter(console, new ReplayTableOptions { ListAllowed = true }))
        {
            await table.WriteReportAsync(report, cancellationToken: ct);
        }

        console.WriteLine();
        console.MarkupLine("[bold]5.[/] comparison");
        console.Write(Comparison(report, ids));
        return new DemoResult(ids, succeeded, report);
    }

    /// <summary>One row per demo session, one column per policy: what the policy would have blocked there.</summary>
    private static Table Comparison(ReplayReport report, Dictionary<string, string> ids)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("session").AddColumn("kind");
        foreach (var policy in report.Policies)
        {
            table.AddColumn(Markup.Escape(policy));
        }

        foreach (var scenario in DemoScenario.Sessions)
        {
            var counts = report.Summary.Sessions.FirstOrDefault(s => s.SessionId == ids[scenario.Name]);
            var cells = new List<string> { scenario.Name, scenario.IsAttack ? "attack" : "benign" };
            foreach (var policy in counts?.Policies ?? [])
            {
                var blocked = report.Operations
                    .Where(o => o.Operation.SessionId == ids[scenario.Name])
                    .Where(o => o.Verdicts.Any(v => v.Policy == policy.Policy && v.Verdict.Decision == Decision.Blocked))
                    .Select(o => o.Operation.Command)
                    .Distinct();
                cells.Add(policy.Blocked > 0
                    ? $"[red]blocked[/] {Markup.Escape(string.Join(", ", blocked))} ({policy.Blocked} of {counts!.Operations})"
                    : $"[green]allowed[/] all {counts!.Operations} operations");
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static async Task SetUpAsync(ServerAccess server, string password, CancellationToken ct)
    {
        await using (var admin = await OpenAsync(server.Admin("postgres"), ct))
        {
            foreach (var statement in DemoScenario.Reset)
            {
                await ExecuteAsync(admin, statement, ct);
            }

            foreach (var role in new[] { "alice", "mallory", "bob" })
            {
                await ExecuteAsync(admin, $"ALTER ROLE {role} PASSWORD '{password}'", ct);
            }
        }

        await using var demo = await OpenAsync(server.Admin(DemoScenario.Database), ct);
        await ExecuteAsync(demo, DemoScenario.Setup, ct);
    }

    private async Task<(Dictionary<string, string> Ids, Dictionary<string, bool> Succeeded)> RecordSessionsAsync(
        ServerAccess server, string password, CancellationToken ct)
    {
        var ids = new Dictionary<string, string>();
        var succeeded = new Dictionary<string, bool>();
        var pids = new List<int>();
        await using var admin = await OpenAsync(server.Admin(DemoScenario.Database), ct);
        foreach (var session in DemoScenario.Sessions)
        {
            await ExecuteAsync(admin, DemoScenario.Demote, ct);
            await using (var logins = server.Login(DemoScenario.Database, session.Role, password, session.ApplicationName))
            await using (var login = await logins.OpenConnectionAsync(ct))
            {
                ids[session.Name] = await SessionIdentity.OfAsync(login, admin, ct);
                pids.Add(login.ProcessID);
                await ExecuteAsync(login, session.Sql, ct);
            }

            var outcome = "";
            if (session.IsAttack)
            {
                succeeded[session.Name] = await IsSuperuserAsync(admin, "mallory", ct);
                outcome = succeeded[session.Name] ? " [red]→ mallory is now a superuser[/]" : " → mallory is still not a superuser";
            }

            console.MarkupLine($"   {session.Name,-15} {Markup.Escape(ids[session.Name]),-24} {session.Role,-6} {Markup.Escape(session.Sql)}{outcome}");
        }

        await ExecuteAsync(admin, DemoScenario.Demote, ct);
        // Closing a connection ends its backend asynchronously; wait, so every SessionEnded frame is on disk.
        await SessionIdentity.WaitForExitAsync(admin, pids, time, ct);
        return (ids, succeeded);
    }

    private static async Task<bool> IsSuperuserAsync(NpgsqlConnection admin, string role, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = $1", admin)
        {
            Parameters = { new() { Value = role } },
        };
        return await command.ExecuteScalarAsync(ct) is true;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
