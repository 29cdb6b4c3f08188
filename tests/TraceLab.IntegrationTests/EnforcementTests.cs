using System.Buffers.Binary;
using Npgsql;
using TraceLab.Cli.Demo;
using TraceLab.Events;
using TraceLab.IntegrationTests.Support;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Compiled;
using TraceLab.Replayer;
using TraceLab.Replayer.Provenance;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Parsing;

namespace TraceLab.IntegrationTests;

/// <summary>Live enforcement by the probe (extension 0.7, ENFORCEMENT.md) on a private cluster: a compiled policy in
/// <c>tracelab.enforce_policy</c> blocks (or warns about) exactly the operation the replayer blocks, with the
/// replayer's text, whether or not the session records; a file that cannot be loaded keeps the previous policy on
/// reload and stops the server at start.</summary>
public sealed class EnforcementTests : IAsyncLifetime
{
    private const string Database = "enf";
    private const string Ddl = "ddl-needs-trusted-chain";

    private PrivateCluster cluster = null!;
    private string ddlFile = null!;
    private string strictFile = null!;
    private Scenario attack = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // alice's INSERT into mallory's table: the one statement of the attack. Repeating it inserts another row.
    private string AttackStatement => attack.Sections.OfType<StepSection>().Single(s => s.Role == "alice").Sql;

    public async ValueTask InitializeAsync()
    {
        cluster = await PrivateCluster.StartAsync("enforce");
        // The catalogue's trigger-on-insert (scenarios/attacks/trigger-on-insert.sql) is the attack: mallory's trigger
        // makes mallory a superuser when a superuser inserts into her table. Its header roles are created with the
        // header's names, as this cluster is the test's own and needs no per-run prefix.
        attack = ScenarioParser.ParseFile(Path.Combine(CheckoutRoot.Path, "scenarios", "attacks", "trigger-on-insert.sql"));
        ddlFile = Compile(Ddl);
        strictFile = Compile("strict-trusted-chain");
        await cluster.ExecuteAsync($"CREATE DATABASE {Database}");
        await cluster.ExecuteAsync(string.Concat(attack.Roles.Select(r =>
            $"CREATE ROLE {r.Name} {(r.Login ? "LOGIN" : "NOLOGIN")} {(r.Superuser ? "SUPERUSER" : "NOSUPERUSER")};")));
        await cluster.ExecuteAsync(attack.Sections.OfType<SetupSection>().Single().Sql + "\nCREATE EXTENSION tracelab_probe;", Database);
    }

    public ValueTask DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task Block_mode_refuses_exactly_the_operation_the_replayer_blocks_with_the_replayers_text()
    {
        var (session, error, _) = await RunAsAliceAsync(ddlFile, "block", AttackStatement);

        error.ShouldNotBeNull();
        error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        (await MalloryIsSuperuserAsync()).ShouldBeFalse("the ALTER ROLE never ran");

        await cluster.IngestAsync();
        var events = await cluster.EventsAsync(session);
        var enforced = events.OfType<PolicyEnforced>().ShouldHaveSingleItem();
        var alter = events.OfType<StatementStarted>().Single(s => s.CommandTag == "ALTER ROLE");
        enforced.OperationSeq.ShouldBe(alter.Frame.Seq);
        (enforced.Policy, enforced.Mode, enforced.Decision, enforced.Level, enforced.Rule)
            .ShouldBe((Ddl, "block", 1, "ERROR", "untrusted-ddl"));
        events.OfType<StatementFinished>().Single(f => f.StatementSeq == alter.Frame.Seq).SqlState.ShouldBe("42501");

        // Every operation after EnforcementInForce was judged under it: those without PolicyEnforced were allowed.
        var inForce = events.OfType<EnforcementInForce>().ShouldHaveSingleItem();
        (inForce.Policy, inForce.Mode).ShouldBe((Ddl, "block"));
        inForce.Checksum.ShouldMatch("^[0-9a-f]{8}$");
        inForce.Frame.Seq.ShouldBeLessThan(alter.Frame.Seq);

        // The replayer, reading what was recorded, blocks the same operation and says the same.
        var verdict = ReplayVerdict(session, events, Ddl, alter.Frame.Seq);
        verdict.IsBlocked.ShouldBeTrue();
        enforced.Culprit.ShouldBe(verdict.CulpritIndex ?? -1);
        (error.MessageText, error.Detail, error.Hint).ShouldBe((verdict.Message, verdict.Detail, verdict.Hint));
        (enforced.Message, enforced.Detail, enforced.Hint).ShouldBe((verdict.Message!, verdict.Detail ?? "", verdict.Hint ?? ""));
    }

    [Fact]
    public async Task Warn_mode_warns_with_the_same_text_and_lets_the_operation_run()
    {
        try
        {
            var (session, error, notices) = await RunAsAliceAsync(strictFile, "warn", AttackStatement);

            error.ShouldBeNull();
            (await MalloryIsSuperuserAsync()).ShouldBeTrue("warn mode lets the attack through");
            var warnings = notices.Where(n => n.SqlState == PostgresErrorCodes.InsufficientPrivilege).ToList();
            warnings.ShouldNotBeEmpty();
            warnings.ShouldAllBe(n => n.Severity == "WARNING");

            await cluster.IngestAsync();
            var events = await cluster.EventsAsync(session);
            var enforced = events.OfType<PolicyEnforced>().ToList();
            enforced.Count.ShouldBe(warnings.Count);
            enforced.ShouldAllBe(e => e.Level == "WARNING" && e.Mode == "warn" && e.Decision == 1);
            var inForce = events.OfType<EnforcementInForce>().ShouldHaveSingleItem();
            (inForce.Policy, inForce.Mode).ShouldBe(("strict-trusted-chain", "warn"));
            inForce.Frame.Seq.ShouldBeLessThan(enforced[0].Frame.Seq);
            foreach (var (notice, decision) in warnings.Zip(enforced))
            {
                var verdict = ReplayVerdict(session, events, "strict-trusted-chain", decision.OperationSeq);
                (notice.MessageText, notice.Detail, notice.Hint).ShouldBe((verdict.Message, verdict.Detail, verdict.Hint));
            }
        }
        finally
        {
            await cluster.ExecuteAsync("ALTER ROLE mallory NOSUPERUSER");
        }
    }

    [Fact]
    public async Task Enforcement_works_without_recording_and_writes_nothing()
    {
        var before = Directory.GetFiles(cluster.SpoolDirectory).Length;
        await cluster.ExecuteAsync("ALTER ROLE alice SET tracelab.enabled = off");
        try
        {
            var (_, error, _) = await RunAsAliceAsync(ddlFile, "block", AttackStatement, recorded: false);

            error.ShouldNotBeNull();
            error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
            (await MalloryIsSuperuserAsync()).ShouldBeFalse();
            Directory.GetFiles(cluster.SpoolDirectory).Length.ShouldBe(before, "a session that does not record writes no spool file");
        }
        finally
        {
            await cluster.ExecuteAsync("ALTER ROLE alice RESET tracelab.enabled");
        }
    }

    [Fact]
    public async Task The_probe_reports_the_policy_in_force()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(Database, recorded: false));
        await connection.OpenAsync(Ct);
        await Execute(connection, $"SET tracelab.enforce_policy = '{ddlFile}'; SET tracelab.enforce_mode = 'warn'");
        await using var command = new NpgsqlCommand("SELECT policy_name, policy_file, mode, rules, checksum FROM tracelab_enforcement()", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        (await reader.ReadAsync(Ct)).ShouldBeTrue();
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(ddlFile).AsSpan(PolicyFormat.ChecksumOffset, 4));
        (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4))
            .ShouldBe((Ddl, ddlFile, "warn", PolicyCatalog.Find(Ddl)!.Definition.Rules.Count, crc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_file_that_cannot_be_loaded_is_refused_with_the_reason()
    {
        var broken = Path.Combine(cluster.Root, "broken.tlpolicy");
        await File.WriteAllBytesAsync(broken, File.ReadAllBytes(ddlFile)[..100], Ct);
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(Database, recorded: false));
        await connection.OpenAsync(Ct);

        foreach (var path in new[] { broken, Path.Combine(cluster.Root, "missing.tlpolicy") })
        {
            var error = await Should.ThrowAsync<PostgresException>(() => Execute(connection, $"SET tracelab.enforce_policy = '{path}'"));
            error.SqlState.ShouldBe(PostgresErrorCodes.InvalidParameterValue);
            error.MessageText.ShouldBe($"could not load enforcement policy from file \"{path}\"");
            error.Detail.ShouldNotBeNullOrEmpty();
            error.Hint.ShouldNotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task A_file_broken_before_a_reload_keeps_the_previous_policy_and_before_a_start_stops_the_server()
    {
        var file = Path.Combine(cluster.Root, "server.tlpolicy");
        File.Copy(ddlFile, file, overwrite: true);
        await cluster.ReloadAsync(new Dictionary<string, string?> { ["tracelab.enforce_policy"] = file, ["tracelab.enforce_mode"] = "block" });
        try
        {
            var offset = cluster.ServerLogLength;
            await File.WriteAllBytesAsync(file, File.ReadAllBytes(ddlFile)[..100], Ct);
            await cluster.ExecuteAsync("SELECT pg_reload_conf()");
            (await cluster.WaitForLogAsync(offset, $"could not load enforcement policy from file \"{file}\"", TimeSpan.FromSeconds(10)))
                .ShouldBeTrue();

            // The previous policy is still in force in new sessions.
            var (_, error, _) = await RunAsAliceAsync(null, null, AttackStatement);
            error.ShouldNotBeNull();
            error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);

            offset = cluster.ServerLogLength;
            var (started, _) = await cluster.RestartAsync();
            started.ShouldBeFalse("a server configured with a policy it cannot load must not start");
            cluster.ServerLog(offset).ShouldContain($"FATAL:  could not load enforcement policy from file \"{file}\"");
        }
        finally
        {
            File.Copy(ddlFile, file, overwrite: true);
            (await cluster.RestartAsync()).Started.ShouldBeTrue();
            await cluster.ReloadAsync(new Dictionary<string, string?> { ["tracelab.enforce_policy"] = null, ["tracelab.enforce_mode"] = null });
        }
    }

    private string Compile(string policy)
    {
        var path = Path.Combine(cluster.Root, $"{policy}.tlpolicy");
        File.WriteAllBytes(path, PolicyFormatWriter.Write(PolicyCatalog.Find(policy)!.Definition));
        return path;
    }

    /// <summary>Runs a statement as alice with the policy in <paramref name="file"/> enforced in <paramref name="mode"/>
    /// (set by ALTER ROLE, so the session starts under it; null: as the server is configured); the session's id, the
    /// error it raised and the notices it received.</summary>
    private async Task<(string Session, PostgresException? Error, List<PostgresNotice> Notices)> RunAsAliceAsync(
        string? file, string? mode, string statement, bool recorded = true)
    {
        if (file is not null)
        {
            await cluster.ExecuteAsync($"ALTER ROLE alice SET tracelab.enforce_policy = '{file}'; ALTER ROLE alice SET tracelab.enforce_mode = '{mode}'");
        }

        try
        {
            await using var admin = new NpgsqlConnection(cluster.ConnectionString(recorded: false));
            await admin.OpenAsync(Ct);
            var notices = new List<PostgresNotice>();
            PostgresException? error = null;
            string session = "";
            int pid;
            await using (var login = await cluster.OpenRecordedAsync(Database, "alice"))
            {
                login.Notice += (_, e) => notices.Add(e.Notice);
                pid = login.ProcessID;
                if (recorded)
                {
                    session = await SessionIdentity.OfAsync(login, admin, Ct);
                }

                try
                {
                    await Execute(login, statement);
                }
                catch (PostgresException e)
                {
                    error = e;
                }
            }

            await SessionIdentity.WaitForExitAsync(admin, [pid], TimeProvider.System, Ct);
            return (session, error, notices);
        }
        finally
        {
            if (file is not null)
            {
                await cluster.ExecuteAsync("ALTER ROLE alice RESET tracelab.enforce_policy; ALTER ROLE alice RESET tracelab.enforce_mode");
            }
        }
    }

    private async Task<bool> MalloryIsSuperuserAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(recorded: false));
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'", connection);
        return (bool)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static Policies.Model.Verdict ReplayVerdict(string session, IEnumerable<IRecordedFrame> events, string policy, long seq)
    {
        var engine = new ReplayEngine([PolicyCatalog.Find(policy)!.Policy]);
        var operation = ProvenanceBuilder.Build(session, events).Single(o => o.Seq == seq);
        return engine.Evaluate(operation).VerdictOf(policy);
    }
}
