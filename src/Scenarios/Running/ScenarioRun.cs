using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using TraceLab.Errors;
using TraceLab.Replayer;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;
using TraceLab.Scenarios.Naming;
using TraceLab.Scenarios.Results;
using TraceLab.Store;

namespace TraceLab.Scenarios.Running;

/// <summary>Runs one scenario from start to finish: a fresh database and roles, the sections in file order in real psql
/// sessions, the reality check, ingest, replay under every policy, the comparison, and the cleanup.</summary>
internal sealed class ScenarioRun
{
    private static readonly TimeSpan WaitInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SessionStartTimeout = TimeSpan.FromSeconds(10);

    private readonly Scenario scenario;
    private readonly SuiteServer server;
    private readonly SuiteOptions options;
    private readonly SuiteRecorder recorder;
    private readonly TimeProvider time;
    private readonly RoleRenamer names;
    private readonly ScenarioAdministration admin;
    private readonly string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly List<(SessionKey Key, PsqlSession Psql, int Pid)> sessions = [];
    private readonly HashSet<int> knownPids = [];

    public ScenarioRun(Scenario scenario, SuiteServer server, SuiteOptions options, SuiteRecorder recorder, TimeProvider time)
    {
        this.scenario = scenario;
        this.server = server;
        this.options = options;
        this.recorder = recorder;
        this.time = time;
        names = RoleRenamer.WithRandomPrefix(scenario.Roles.Select(r => r.Name));
        admin = new ScenarioAdministration(server, names, time);
    }

    private string ApplicationName => "tracelab-suite:" + scenario.Id;

    public async Task<ScenarioResult> RunAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        RealityResult? reality = null;
        IReadOnlyList<PolicyResult> policies = [];
        IReadOnlyList<RecordedSessionRef> recorded = [];
        ScenarioError? error = null;
        var created = false;
        try
        {
            // Set first: an interrupted CreateAsync may have created the database or some roles, and DropAsync drops
            // whatever of them exists.
            created = true;
            await admin.CreateAsync(scenario.Roles, password, ct);
            foreach (var section in scenario.Sections)
            {
                await RunSectionAsync(section, ct);
            }

            await CloseSessionsAsync();
            if (!await admin.WaitForExitAsync(null, options.BackendExitTimeout, ct))
            {
                throw CannotRun(null, "backends of the scenario's database did not exit",
                    $"Some backend was still connected to database \"{names.Database}\" after {options.BackendExitTimeout.TotalSeconds:0} seconds.",
                    "A recorded session is complete only once its backend has exited.");
            }

            reality = await RealityAsync(ct);
            (recorded, policies) = await ReplayAsync(ct);
        }
        catch (ScenarioCannotRunException e)
        {
            error = e.Error;
        }
        catch (PostgresException e)
        {
            error = new ScenarioError(names.Restore(e.MessageText), names.RestoreOrNull(e.Detail), names.RestoreOrNull(e.Hint), null, []);
        }
        catch (NpgsqlException e) when (!ct.IsCancellationRequested)
        {
            error = new ScenarioError("could not talk to the server", e.Message, null, null, []);
        }
        catch (TraceLabException e)
        {
            error = new ScenarioError(names.Restore(e.Message), names.RestoreOrNull(e.Detail), names.RestoreOrNull(e.Hint), null, []);
        }
        finally
        {
            await CloseSessionsAsync();
            if (created && !options.Keep)
            {
                await CleanUpAsync();
            }
        }

        var status = error is not null ? ScenarioStatus.CouldNotRun
            : policies.Any(p => p.Cell == MatrixCell.Mismatch) || reality is { Matches: false } ? ScenarioStatus.Mismatch
            : ScenarioStatus.Passed;
        return new ScenarioResult(scenario, status, reality, policies, names.Database, names.Prefix, recorded, error)
        {
            Kept = options.Keep && created,
            Elapsed = time.GetElapsedTime(started),
        };
    }

    private async Task RunSectionAsync(ScenarioSection section, CancellationToken ct)
    {
        switch (section)
        {
            case SetupSection setup:
                await RunSetupAsync(setup, ct);
                break;
            case StepSection step:
                await RunStepAsync(step, ct);
                break;
            case WaitSection wait:
                await WaitAsync(wait, ct);
                break;
            case DisconnectSection disconnect:
                await DisconnectAsync(disconnect, ct);
                break;
        }
    }

    private async Task RunSetupAsync(SetupSection setup, CancellationToken ct)
    {
        var where = $"setup (line {setup.Line})";
        await using var psql = PsqlSession.Start(server.PsqlPath,
            server.PsqlEnvironment(names.Database, null, null, ApplicationName, recorded: false), stopOnError: true);
        var batch = await RunBatchAsync(psql, setup.Sql, where, ct);
        ThrowOnErrors(batch, where, setup.Line);
        await psql.CloseAsync(options.BackendExitTimeout);
    }

    private async Task RunStepAsync(StepSection step, CancellationToken ct)
    {
        var where = $"step {step.Key} (line {step.Line})";
        var psql = sessions.FirstOrDefault(s => s.Key == step.Key).Psql ?? await OpenSessionAsync(step.Key, where, ct);
        var batch = await RunBatchAsync(psql, step.Sql, where, ct);
        if (batch.Exited || !step.ErrorsAllowed)
        {
            ThrowOnErrors(batch, where, step.Line);
        }
    }

    private async Task<PsqlSession> OpenSessionAsync(SessionKey key, string where, CancellationToken ct)
    {
        var role = names.RoleName(key.Role);
        var psql = PsqlSession.Start(server.PsqlPath,
            server.PsqlEnvironment(names.Database, role, password, ApplicationName, recorded: true), stopOnError: false);
        // psql connects before it reads its input: its backend is the new one of this role in the scenario's database.
        var deadline = time.GetUtcNow() + SessionStartTimeout;
        while (true)
        {
            var pid = (await admin.BackendsAsync(role, ct)).FirstOrDefault(p => !knownPids.Contains(p));
            if (pid != 0)
            {
                knownPids.Add(pid);
                sessions.Add((key, psql, pid));
                return psql;
            }

            if (psql.HasExited || time.GetUtcNow() >= deadline)
            {
                var batch = await RunBatchAsync(psql, "", where, ct);
                await psql.DisposeAsync();
                ThrowOnErrors(batch with { Exited = true }, where, null);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, ct);
        }
    }

    private async Task DisconnectAsync(DisconnectSection disconnect, CancellationToken ct)
    {
        var session = sessions.First(s => s.Key == disconnect.Key);
        sessions.Remove(session);
        await session.Psql.CloseAsync(options.BackendExitTimeout);
        await session.Psql.DisposeAsync();
        if (!await admin.WaitForExitAsync([session.Pid], options.BackendExitTimeout, ct))
        {
            throw CannotRun($"disconnect {disconnect.Key} (line {disconnect.Line})", "the session's backend did not exit",
                string.Create(CultureInfo.InvariantCulture, $"Backend {session.Pid} was still running after {options.BackendExitTimeout.TotalSeconds:0} seconds."),
                null);
        }
    }

    private async Task WaitAsync(WaitSection wait, CancellationToken ct)
    {
        var where = $"wait (line {wait.Line})";
        var sql = names.Rename(wait.Sql);
        var deadline = time.GetUtcNow() + wait.Timeout;
        await using var connection = await admin.OpenScenarioDatabaseAsync(ct);
        string value;
        while ((value = await QueryAsync(connection, sql, where, ct)) != "t")
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw CannotRun(where, "the wait timed out",
                    string.Create(CultureInfo.InvariantCulture,
                        $"The query still returned \"{value}\" after {wait.Timeout.TotalSeconds:0} seconds; it must return \"t\"."),
                    "Raise the timeout with \"-- @wait timeout=SECONDS\", or check the query.");
            }

            await Task.Delay(WaitInterval, time, ct);
        }
    }

    private async Task<RealityResult?> RealityAsync(CancellationToken ct)
    {
        if (scenario.Reality is not { } check)
        {
            return null;
        }

        await using var connection = await admin.OpenScenarioDatabaseAsync(ct);
        var actual = await QueryAsync(connection, names.Rename(check.Query), "reality check", ct);
        return new RealityResult(check.Query, check.Expected, names.Restore(actual));
    }

    private async Task<(IReadOnlyList<RecordedSessionRef>, IReadOnlyList<PolicyResult>)> ReplayAsync(CancellationToken ct)
    {
        var ingestErrors = await recorder.IngestAsync(ct);
        var all = await recorder.Sessions.ListSessionsAsync(ct);
        var mine = all.Where(s => s.Database == names.Database).ToList();
        if (mine.Count == 0 || mine.Any(s => s.State == SessionState.Running))
        {
            throw CannotRun(null, mine.Count == 0 ? "no session of the scenario was recorded" : "a session's end was not recorded",
                ingestErrors.Count > 0
                    ? $"Ingest reported: {ingestErrors[0].Message}"
                    : $"Database \"{names.Database}\": {mine.Count} recorded sessions, {mine.Count(s => s.State == SessionState.Running)} without an end.",
                "Check that the server runs the probe (shared_preload_libraries) and that its spool directory is the one given.");
        }

        var engine = new ReplayEngine(options.Policies, options.LeaderResolver?.Invoke(all));
        var report = await engine.ReplayAsync(
            mine.Select(s => new RecordedSession(s.SessionId, recorder.Sessions.ReadEventsAsync(s.SessionId, ct)) { EventCount = s.EventCount }),
            ct);
        var results = options.Policies.Select(p =>
        {
            var expected = scenario.ExpectationFor(p.Name);
            var actual = OutcomeCollector.Collect(report, p.Name, names).As(expected);
            return new PolicyResult(p.Name, expected, actual, ExpectationMatcher.Judge(expected, actual));
        }).ToList();
        return ([.. mine.Select(s => new RecordedSessionRef(s.SessionId, names.Restore(s.SessionUser), s.BackendType))], results);
    }

    private async Task<string> QueryAsync(NpgsqlConnection connection, string sql, string where, CancellationToken ct)
    {
        try
        {
            return await ScenarioAdministration.QueryTextAsync(connection, sql, ct);
        }
        catch (PostgresException e)
        {
            throw CannotRun(where, names.Restore(e.MessageText), names.RestoreOrNull(e.Detail), names.RestoreOrNull(e.Hint));
        }
    }

    private async Task<PsqlBatch> RunBatchAsync(PsqlSession psql, string sql, string where, CancellationToken ct)
    {
        try
        {
            return await psql.RunAsync(names.Rename(sql), options.StepTimeout, ct);
        }
        catch (TimeoutException)
        {
            throw CannotRun(where, "the section did not finish",
                string.Create(CultureInfo.InvariantCulture, $"psql was still running it after {options.StepTimeout.TotalSeconds:0} seconds."),
                "A statement may wait for a lock another session of the scenario holds, or a statement may lack its final semicolon.");
        }
    }

    /// <param name="directiveLine">The file line of the section's directive: psql's input line N is file line
    /// <c>directiveLine + N</c>.</param>
    private void ThrowOnErrors(PsqlBatch batch, string where, int? directiveLine)
    {
        var errors = PsqlMessages.Errors(batch.Lines);
        if (errors.Count > 0)
        {
            var output = errors[0].Lines.Select(names.Restore).ToList();
            var (message, detail, hint) = PsqlMessages.Parts(output);
            if (errors[0].InputLine is { } inputLine && directiveLine is { } line)
            {
                where = string.Create(CultureInfo.InvariantCulture, $"{where}, the statement ending at line {line + inputLine}");
            }

            throw new ScenarioCannotRunException(new ScenarioError(message, detail, hint, where, output));
        }

        if (batch.Exited)
        {
            var output = batch.Lines.Select(names.Restore).ToList();
            throw new ScenarioCannotRunException(new ScenarioError("psql exited unexpectedly",
                output.Count > 0 ? string.Join(" ", output.TakeLast(3)) : null, null, where, output));
        }
    }

    private static ScenarioCannotRunException CannotRun(string? where, string message, string? detail, string? hint) =>
        new(new ScenarioError(message, detail, hint, where, []));

    private async Task CloseSessionsAsync()
    {
        foreach (var session in sessions)
        {
            await session.Psql.CloseAsync(options.BackendExitTimeout);
            await session.Psql.DisposeAsync();
        }

        sessions.Clear();
    }

    private async Task CleanUpAsync()
    {
        // Cleanup runs even when the run was cancelled or failed; a database that cannot be dropped is left behind
        // (its name says which run it was) rather than hiding the scenario's own result.
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await admin.DropAsync(scenario.Roles, limit.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            Trace.TraceWarning("could not drop database {0}: {1}", names.Database, e.Message);
        }
    }
}
