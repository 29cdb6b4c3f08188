using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using TraceLab.Errors;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Naming;
using TraceLab.Scenarios.Results;

namespace TraceLab.Scenarios.Running;

/// <summary>Drives one run of a scenario on the server: a fresh database and roles, the sections in file order in real
/// psql sessions, the wait until every backend has exited, the reality check; and afterwards the cleanup.</summary>
/// <remarks>
/// <para>A run of <c>suite run</c> is one drive, then the replay; <c>suite run --enforce</c> drives the same scenario
/// again once per policy with <see cref="ScenarioEnforcement"/>: the policy is put on the run's database after
/// <c>@setup</c>, so only the steps (and background workers in that database) are enforced.</para>
/// <para>Under a policy a step's statements may fail on purpose, and what a <c>@wait</c> waits for may never happen
/// (an ANALYZE the policy stops): an enforced run therefore takes every step as <c>errors=allowed</c> and notes a wait
/// that timed out (<see cref="Notes"/>) instead of giving up.</para>
/// </remarks>
internal sealed class ScenarioDriver
{
    private static readonly TimeSpan WaitInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SessionStartTimeout = TimeSpan.FromSeconds(10);

    private readonly Scenario scenario;
    private readonly SuiteServer server;
    private readonly SuiteOptions options;
    private readonly TimeProvider time;
    private readonly ScenarioEnforcement? enforcement;
    private readonly ScenarioAdministration admin;
    private readonly string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly List<(SessionKey Key, PsqlSession Psql, int Pid)> sessions = [];
    private readonly List<(int Pid, SessionKey Key)> opened = [];
    private readonly List<string> notes = [];
    private bool enforced;

    /// <param name="enforcement">What the probe enforces in this run; <c>null</c> leaves the server's settings alone (a
    /// plain <c>suite run</c>).</param>
    public ScenarioDriver(Scenario scenario, SuiteServer server, SuiteOptions options, TimeProvider time, ScenarioEnforcement? enforcement)
    {
        this.scenario = scenario;
        this.server = enforcement is null ? server : server with { Unenforced = true };
        this.options = options;
        this.time = time;
        this.enforcement = enforcement;
        Names = RoleRenamer.WithRandomPrefix(scenario.Roles.Select(r => r.Name));
        admin = new ScenarioAdministration(this.server, Names, time);
    }

    /// <summary>This run's role names and database.</summary>
    public RoleRenamer Names { get; }

    /// <summary>Whether the database or roles may exist (creating them began), so that the cleanup has work to do.</summary>
    public bool Created { get; private set; }

    /// <summary>The step sessions in the order they were opened, by backend pid (a pid may come back after a
    /// disconnect).</summary>
    public IReadOnlyList<(int Pid, SessionKey Key)> Opened => opened;

    /// <summary>What an enforced run did not do as the file says, in order (a wait that timed out).</summary>
    public IReadOnlyList<string> Notes => notes;

    private string ApplicationName => "tracelab-suite:" + scenario.Id;

    /// <summary>An enforced run, with a policy in force: its steps' errors are what is being observed.</summary>
    private bool UnderPolicy => enforcement?.PolicyFile is not null;

    /// <summary>Creates the database and roles, runs every section, closes the sessions, waits for every backend of the
    /// database to exit and runs the reality check; <c>null</c> when the scenario has none.</summary>
    /// <exception cref="ScenarioCannotRunException">A section failed, or a backend did not exit.</exception>
    public async Task<RealityResult?> RunAsync(CancellationToken ct)
    {
        // Set first: an interrupted CreateAsync may have created the database or some roles, and the cleanup drops
        // whatever of them exists.
        Created = true;
        await admin.CreateAsync(scenario.Roles, password, ct);
        foreach (var section in scenario.Sections)
        {
            if (section is not SetupSection)
            {
                await EnforceAsync(ct);
            }

            await RunSectionAsync(section, ct);
        }

        await EnforceAsync(ct);
        await CloseSessionsAsync();
        if (!await admin.WaitForExitAsync(null, options.BackendExitTimeout, ct))
        {
            throw CannotRun(null, "backends of the scenario's database did not exit",
                $"Some backend was still connected to database \"{Names.Database}\" after {options.BackendExitTimeout.TotalSeconds:0} seconds.",
                "A recorded session is complete only once its backend has exited.");
        }

        return await RealityAsync(ct);
    }

    /// <summary>The error a failed run is reported with, in the header's role names; <c>null</c> for an exception that
    /// is not the scenario's (it propagates).</summary>
    public ScenarioError? Describe(Exception exception, CancellationToken ct) => exception switch
    {
        ScenarioCannotRunException e => e.Error,
        PostgresException e => new ScenarioError(Names.Restore(e.MessageText), Names.RestoreOrNull(e.Detail), Names.RestoreOrNull(e.Hint), null, []),
        NpgsqlException e when !ct.IsCancellationRequested => new ScenarioError("could not talk to the server", e.Message, null, null, []),
        TraceLabException e => new ScenarioError(Names.Restore(e.Message), Names.RestoreOrNull(e.Detail), Names.RestoreOrNull(e.Hint), null, []),
        _ => null,
    };

    /// <summary>Closes every session still open, in the order opened.</summary>
    public async Task CloseSessionsAsync()
    {
        foreach (var session in sessions)
        {
            await session.Psql.CloseAsync(options.BackendExitTimeout);
            await session.Psql.DisposeAsync();
        }

        sessions.Clear();
    }

    /// <summary>Drops the database and roles.</summary>
    public async Task CleanUpAsync()
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
            Trace.TraceWarning("could not drop database {0}: {1}", Names.Database, e.Message);
        }
    }

    /// <summary>Puts the run's enforcement on its database once, before the first section that is not setup.</summary>
    private async Task EnforceAsync(CancellationToken ct)
    {
        if (enforcement is null || enforced)
        {
            return;
        }

        enforced = true;
        try
        {
            await admin.EnforceAsync(enforcement, ct);
        }
        catch (PostgresException e)
        {
            throw CannotRun(null, Names.Restore(e.MessageText), Names.RestoreOrNull(e.Detail), Names.RestoreOrNull(e.Hint));
        }
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
            server.PsqlEnvironment(Names.Database, null, null, ApplicationName, recorded: false), stopOnError: true);
        var batch = await RunBatchAsync(psql, setup.Sql, where, ct);
        ThrowOnErrors(batch, where, setup.Line);
        await psql.CloseAsync(options.BackendExitTimeout);
    }

    private async Task RunStepAsync(StepSection step, CancellationToken ct)
    {
        var where = $"step {step.Key} (line {step.Line})";
        var psql = sessions.FirstOrDefault(s => s.Key == step.Key).Psql ?? await OpenSessionAsync(step.Key, where, ct);
        var batch = await RunBatchAsync(psql, step.Sql, where, ct);
        if (batch.Exited || !(step.ErrorsAllowed || UnderPolicy))
        {
            ThrowOnErrors(batch, where, step.Line);
        }
    }

    private async Task<PsqlSession> OpenSessionAsync(SessionKey key, string where, CancellationToken ct)
    {
        var role = Names.RoleName(key.Role);
        var psql = PsqlSession.Start(server.PsqlPath,
            server.PsqlEnvironment(Names.Database, role, password, ApplicationName, recorded: true), stopOnError: false);
        // psql connects before it reads its input: its backend is the new one of this role in the scenario's database.
        var deadline = time.GetUtcNow() + SessionStartTimeout;
        while (true)
        {
            var pid = (await admin.BackendsAsync(role, ct)).FirstOrDefault(p => !sessions.Any(s => s.Pid == p));
            if (pid != 0)
            {
                sessions.Add((key, psql, pid));
                opened.Add((pid, key));
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
        var sql = Names.Rename(wait.Sql);
        var deadline = time.GetUtcNow() + wait.Timeout;
        await using var connection = await admin.OpenScenarioDatabaseAsync(ct);
        string value;
        while ((value = await QueryAsync(connection, sql, where, ct)) != "t")
        {
            if (time.GetUtcNow() >= deadline)
            {
                if (UnderPolicy)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{where} timed out after {wait.Timeout.TotalSeconds:0} seconds under the policy; the run went on"));
                    return;
                }

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
        var actual = await QueryAsync(connection, Names.Rename(check.Query), "reality check", ct);
        return new RealityResult(check.Query, check.Expected, Names.Restore(actual));
    }

    private async Task<string> QueryAsync(NpgsqlConnection connection, string sql, string where, CancellationToken ct)
    {
        try
        {
            return await ScenarioAdministration.QueryTextAsync(connection, sql, ct);
        }
        catch (PostgresException e)
        {
            throw CannotRun(where, Names.Restore(e.MessageText), Names.RestoreOrNull(e.Detail), Names.RestoreOrNull(e.Hint));
        }
    }

    private async Task<PsqlBatch> RunBatchAsync(PsqlSession psql, string sql, string where, CancellationToken ct)
    {
        try
        {
            return await psql.RunAsync(Names.Rename(sql), options.StepTimeout, ct);
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
            var output = errors[0].Lines.Select(Names.Restore).ToList();
            var (message, detail, hint) = PsqlMessages.Parts(output);
            if (errors[0].InputLine is { } inputLine && directiveLine is { } line)
            {
                where = string.Create(CultureInfo.InvariantCulture, $"{where}, the statement ending at line {line + inputLine}");
            }

            throw new ScenarioCannotRunException(new ScenarioError(message, detail, hint, where, output));
        }

        if (batch.Exited)
        {
            var output = batch.Lines.Select(Names.Restore).ToList();
            throw new ScenarioCannotRunException(new ScenarioError("psql exited unexpectedly",
                output.Count > 0 ? string.Join(" ", output.TakeLast(3)) : null, null, where, output));
        }
    }

    private static ScenarioCannotRunException CannotRun(string? where, string message, string? detail, string? hint) =>
        new(new ScenarioError(message, detail, hint, where, []));
}
