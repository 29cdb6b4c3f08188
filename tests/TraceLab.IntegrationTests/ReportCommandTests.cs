using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>The report options of the real tracelab command (<c>diff</c>, <c>--format</c>, <c>--out</c>,
/// <c>--fail-on</c>) on sessions the real probe recorded.</summary>
public sealed class ReportCommandTests(TestCluster cluster)
{
    private static readonly string Golden = Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.Recorder.Tests", "Golden");

    [Fact]
    public async Task Diff_lists_only_the_operations_whose_outcome_differs_with_both_messages()
    {
        await using var recorded = await RecordAsync("attack-view", "benign");

        var diff = await recorded.RunAsync("diff", recorded.Ids["attack-view"], recorded.Ids["benign"],
            "--policy", "permissive", "--policy", "ddl-needs-trusted-chain", "--format", "json");

        diff.ExitCode.ShouldBe(0, diff.Error);
        using var report = JsonDocument.Parse(diff.Output);
        report.RootElement.GetProperty("kind").GetString().ShouldBe("diff");
        var operations = report.RootElement.GetProperty("operations").EnumerateArray().ToList();
        var only = operations.ShouldHaveSingleItem();
        only.GetProperty("session").GetString().ShouldBe(recorded.Ids["attack-view"]);
        only.GetProperty("command").GetString().ShouldBe("ALTER ROLE");
        only.GetProperty("chain").EnumerateArray().Select(e => e.GetProperty("kind").GetString())
            .ShouldBe(["statement", "view", "view", "function", "utility"]);
        var verdicts = only.GetProperty("verdicts");
        verdicts.GetProperty("permissive").GetProperty("decision").GetString().ShouldBe("allowed");
        verdicts.GetProperty("ddl-needs-trusted-chain").GetProperty("decision").GetString().ShouldBe("blocked");
        verdicts.GetProperty("ddl-needs-trusted-chain").GetProperty("message").GetString()
            .ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");

        // The summary still counts every replayed operation, not only the differing one.
        var benignOperations = report.RootElement.GetProperty("summary").GetProperty("sessions").EnumerateArray()
            .Single(s => s.GetProperty("session").GetString() == recorded.Ids["benign"]).GetProperty("operations").GetInt64();
        benignOperations.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Fail_on_exits_4_after_writing_the_whole_report_and_0_when_nothing_is_forbidden()
    {
        await using var recorded = await RecordAsync("attack-trigger");
        var file = Path.Combine(recorded.Directory, "report.json");

        var failing = await recorded.RunAsync("replay", recorded.Ids["attack-trigger"], "--policy", "permissive",
            "--policy", "ddl-needs-trusted-chain", "--format", "json", "--out", file, "--fail-on", "blocked:ddl-needs-trusted-chain");
        var passing = await recorded.RunAsync("replay", recorded.Ids["attack-trigger"], "--policy", "permissive",
            "--policy", "ddl-needs-trusted-chain", "--fail-on", "blocked:permissive", "--fail-on", "aborted");

        failing.ExitCode.ShouldBe(4, failing.Error);
        failing.Error.ShouldContain("error: 1 operation blocked under \"ddl-needs-trusted-chain\"");
        failing.Output.ShouldBeEmpty();
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)))
        {
            report.RootElement.GetProperty("operations").GetArrayLength().ShouldBeGreaterThan(1);
        }

        passing.ExitCode.ShouldBe(0, passing.Error);
    }

    [Fact]
    public async Task Every_format_writes_the_same_bytes_twice_and_junit_has_cases_only_where_expected()
    {
        await using var recorded = await RecordAsync("attack-view", "attack-trigger");
        string[] common = ["replay", recorded.Ids["attack-view"], recorded.Ids["attack-trigger"],
            "--policy", "permissive", "--policy", "ddl-needs-trusted-chain", "--fail-on", "blocked:ddl-needs-trusted-chain"];

        foreach (var format in new[] { "table", "json", "markdown", "html", "junit" })
        {
            var first = Path.Combine(recorded.Directory, $"first.{format}");
            var second = Path.Combine(recorded.Directory, $"second.{format}");
            (await recorded.RunAsync([.. common, "--format", format, "--out", first])).ExitCode.ShouldBe(4);
            (await recorded.RunAsync([.. common, "--format", format, "--out", second])).ExitCode.ShouldBe(4);

            var bytes = await File.ReadAllBytesAsync(first, TestContext.Current.CancellationToken);
            bytes.Length.ShouldBeGreaterThan(0, format);
            bytes.ShouldBe(await File.ReadAllBytesAsync(second, TestContext.Current.CancellationToken), format);
        }

        var html = await File.ReadAllTextAsync(Path.Combine(recorded.Directory, "first.html"), TestContext.Current.CancellationToken);
        System.Text.RegularExpressions.Regex.IsMatch(html, "class=\"[^\"]*\\bculprit\\b").ShouldBeTrue("the culprit entry is marked");
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");

        var junit = XDocument.Load(Path.Combine(recorded.Directory, "first.junit"));
        var suites = junit.Descendants("testsuite").ToDictionary(s => (string)s.Attribute("name")!);
        suites["permissive"].Descendants("testcase").ShouldBeEmpty();
        var cases = suites["ddl-needs-trusted-chain"].Descendants("testcase").ToList();
        cases.ShouldNotBeEmpty();
        cases.Count(c => c.Element("failure") is not null).ShouldBe(2);
    }

    [Fact]
    public async Task A_trace_file_replays_byte_for_byte_like_the_store_with_no_database_and_imports_once()
    {
        await using var recorded = await RecordAsync("attack-view", "attack-trigger");
        var trace = Path.Combine(recorded.Directory, "sessions.tltrace");
        Directory.CreateDirectory(recorded.Directory);
        var export = await recorded.RunAsync("export", recorded.Ids["attack-view"], recorded.Ids["attack-trigger"], "-o", trace);
        export.ExitCode.ShouldBe(0, export.Error);
        string[] replay = ["--all", "--policy", "permissive", "--policy", "ddl-needs-trusted-chain"];
        string[] selected = ["replay", recorded.Ids["attack-view"], recorded.Ids["attack-trigger"], .. replay[1..]];
        // No database at all: the event store's connection points nowhere.
        var nowhere = new Dictionary<string, string>(recorded.Environment)
        {
            ["TRACELAB_CONNECTION"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=2",
        };

        foreach (var format in new[] { "json", "markdown", "html", "junit" })
        {
            var fromStore = await recorded.RunAsync([.. selected, "--format", format]);
            var fromTrace = await CliProcess.RunAsync(nowhere, ["replay", "--trace", trace, .. replay, "--format", format]);
            fromStore.ExitCode.ShouldBe(0, fromStore.Error);
            fromTrace.ExitCode.ShouldBe(0, fromTrace.Error);
            fromTrace.Output.ShouldBe(fromStore.Output, format);
        }

        var database = $"tracelab_import_{Guid.NewGuid():N}"[..30];
        await using (var admin = new Npgsql.NpgsqlConnection(recorded.Environment["TRACELAB_CONNECTION"]))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new Npgsql.NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var target = new Npgsql.NpgsqlConnectionStringBuilder(recorded.Environment["TRACELAB_CONNECTION"]) { Database = database }.ConnectionString;
        var first = await recorded.RunAsync("import", trace, "--connection", target);
        var again = await recorded.RunAsync("import", trace, "--connection", target);
        first.Output.ShouldContain("imported 2 sessions");
        again.Output.ShouldContain("imported 0 sessions");
        again.Output.ShouldContain("2 already in the event store");
        var imported = await recorded.RunAsync(["replay", "--connection", target, .. replay, "--format", "json"]);
        imported.Output.ShouldBe((await CliProcess.RunAsync(nowhere, ["replay", "--trace", trace, .. replay, "--format", "json"])).Output);

        await using (var admin = new Npgsql.NpgsqlConnection(recorded.Environment["TRACELAB_CONNECTION"]))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = new Npgsql.NpgsqlCommand($"drop database {database} with (force)", admin);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Bad_options_are_usage_errors_and_leave_no_file()
    {
        await using var recorded = await RecordAsync("benign");
        var file = Path.Combine(recorded.Directory, "never.json");

        var badOutcome = await recorded.RunAsync("replay", "--all", "--policy", "permissive", "--fail-on", "blocks", "--out", file);
        var unknownPolicy = await recorded.RunAsync("replay", "--all", "--policy", "permissive", "--fail-on", "blocked:strict-trusted-chain");
        var onePolicyDiff = await recorded.RunAsync("diff", "--all", "--policy", "permissive");
        var badFormat = await recorded.RunAsync("replay", "--all", "--policy", "permissive", "--format", "xml");
        var noDirectory = await recorded.RunAsync("replay", recorded.Ids["benign"], "--policy", "permissive",
            "--out", Path.Combine(recorded.Directory, "missing", "r.json"));
        var ontoDirectory = await recorded.RunAsync("replay", recorded.Ids["benign"], "--policy", "permissive",
            "--format", "json", "--out", recorded.Directory);
        var typo = await recorded.RunAsync("replay", "--all", "--policy", "permissive", "--fail-onn", "blocked");

        badOutcome.ExitCode.ShouldBe(2);
        badOutcome.Error.ShouldContain("error: invalid --fail-on value \"blocks\"");
        unknownPolicy.ExitCode.ShouldBe(2);
        unknownPolicy.Error.ShouldContain("--fail-on names policy \"strict-trusted-chain\", which is not replayed");
        onePolicyDiff.ExitCode.ShouldBe(2);
        onePolicyDiff.Error.ShouldContain("at least 2 --policy options are required");
        badFormat.ExitCode.ShouldBe(2);
        badFormat.Error.ShouldBe("error: invalid value for --format: \"xml\"\nhint: Use table, json, markdown, html or junit.\n");
        noDirectory.ExitCode.ShouldBe(1);
        noDirectory.Error.ShouldContain("detail: Directory ");
        ontoDirectory.ExitCode.ShouldBe(1);
        ontoDirectory.Error.ShouldBe($"error: could not write file \"{recorded.Directory}\"\ndetail: \"{recorded.Directory}\" is a directory.\n"
            + "hint: Give a file name, not a directory.\n");
        typo.ExitCode.ShouldBe(2);
        typo.Error.ShouldBe("error: unrecognized option \"--fail-onn\"\nhint: did you mean \"--fail-on\"?\n");
        Directory.GetFiles(recorded.Directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task Progress_is_drawn_on_a_terminal_and_nowhere_else()
    {
        await using var recorded = await RecordAsync("attack-view");
        string[] replay = ["replay", recorded.Ids["attack-view"], "--policy", "permissive", "--format", "json"];

        var onTerminal = await OnTerminalAsync(recorded, [.. replay, "--out", Path.Combine(recorded.Directory, "a.json")]);
        var switchedOff = await OnTerminalAsync(recorded, [.. replay, "--out", Path.Combine(recorded.Directory, "b.json"), "--no-progress"]);
        var redirected = await recorded.RunAsync(replay);

        onTerminal.ShouldContain("events/s");
        onTerminal.ShouldContain("1/1 sessions");
        switchedOff.ShouldNotContain("events/s");
        redirected.ExitCode.ShouldBe(0, redirected.Error);
        redirected.Error.ShouldBeEmpty();
        redirected.Output.ShouldNotContain("events/s");
    }

    /// <summary>Runs tracelab under <c>script</c>, which gives it a pseudo-terminal, and returns what the terminal got.</summary>
    private static async Task<string> OnTerminalAsync(RecordedGoldens recorded, string[] arguments)
    {
        var command = string.Join(' ', new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "tracelab.dll") }
            .Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var info = new System.Diagnostics.ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-qec", command, "/dev/null" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TERM"] = "xterm";
        info.Environment["TRACELAB_ROOT"] = CheckoutRoot.Path;
        foreach (var (key, value) in recorded.Environment)
        {
            info.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("Could not start script.");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        process.ExitCode.ShouldBe(0, await output + await error);
        return await output;
    }

    private async Task<RecordedGoldens> RecordAsync(params string[] names)
    {
        var spool = Directory.CreateTempSubdirectory("tracelab-report-spool-");
        var stamp = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        var ids = new Dictionary<string, string>();
        foreach (var name in names)
        {
            ids[name] = $"{stamp}-{ids.Count + 1}";
            File.Copy(Path.Combine(Golden, name + ".tlspool"), Path.Combine(spool.FullName, ids[name] + ".tlspool"));
        }

        var recorded = new RecordedGoldens(spool, ids, new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore });
        var record = await CliProcess.RunAsync(recorded.Environment, "record", "--once", "--spool", spool.FullName);
        record.ExitCode.ShouldBe(0, record.Error);
        Directory.CreateDirectory(recorded.Directory);
        return recorded;
    }

    /// <summary>Golden recordings ingested under fresh session ids, and a scratch directory for reports.</summary>
    private sealed class RecordedGoldens(DirectoryInfo spool, Dictionary<string, string> ids, Dictionary<string, string> environment)
        : IAsyncDisposable
    {
        public Dictionary<string, string> Ids => ids;

        public Dictionary<string, string> Environment => environment;

        public string Directory { get; } = Path.Combine(spool.FullName, "reports");

        public Task<CliResult> RunAsync(params string[] arguments) => CliProcess.RunAsync(environment, arguments);

        public ValueTask DisposeAsync()
        {
            spool.Delete(recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
