using System.Security.Cryptography;
using System.Text.Json;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary><c>tracelab policies suggest</c> on sessions the real probe recorded: the catalogue's recorded traces
/// (<c>--trace</c>, no database) and the event store.</summary>
public sealed class PoliciesSuggestTests(TestCluster cluster) : IDisposable
{
    /// <summary>A catalogue attack whose chain has two owners the base policy does not trust: two additions.</summary>
    private static readonly string Trace =
        Path.Combine(CheckoutRoot.Path, "scenarios", "recorded", "attacks", "view-and-default-same-function.tltrace");

    private static readonly string SpoolGolden = Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.Recorder.Tests", "Golden");

    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("tracelab-suggest-");

    public void Dispose() => scratch.Delete(recursive: true);

    [Fact]
    public async Task The_suggested_file_passes_check_and_a_replay_under_it_flags_none_of_the_traffic()
    {
        var file = Path.Combine(scratch.FullName, "suggested.yaml");

        var suggest = await CliProcess.RunAsync(null, "policies", "suggest", "--trace", Trace, "--all", "--base", "strict-trusted-chain", "-o", file);

        suggest.ExitCode.ShouldBe(0, suggest.Error);
        suggest.Error.ShouldBeEmpty();
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        text.ShouldStartWith("name: strict-trusted-chain-suggested\n");
        text.ShouldContain("Suggested by \"tracelab policies suggest\" from policy \"strict-trusted-chain\"");
        Additions(text).Count.ShouldBe(2);
        text.ShouldContain("# suggested: needed by ");

        var check = await CliProcess.RunAsync(null, "policies", "check", file);
        check.ExitCode.ShouldBe(0, check.Error);
        check.Output.ShouldBe($"policy file \"{file}\" is valid: policy \"strict-trusted-chain-suggested\"\n");

        var decisions = await DecisionsAsync(file, "strict-trusted-chain-suggested");
        decisions.ShouldNotBeEmpty();
        decisions.ShouldAllBe(d => d == "allowed");
        (await DecisionsAsync("strict-trusted-chain", "strict-trusted-chain")).ShouldContain("blocked");
    }

    [Fact]
    public async Task Removing_any_one_addition_from_the_file_flags_some_of_the_traffic_again()
    {
        var suggest = await CliProcess.RunAsync(null, "policies", "suggest", "--trace", Trace, "--all", "--base", "strict-trusted-chain");
        suggest.ExitCode.ShouldBe(0, suggest.Error);
        var additions = Additions(suggest.Output);
        additions.Count.ShouldBe(2);

        foreach (var addition in additions)
        {
            var file = Path.Combine(scratch.FullName, $"without-{addition}.yaml");
            await File.WriteAllTextAsync(file, Without(suggest.Output, addition), TestContext.Current.CancellationToken);

            var decisions = await DecisionsAsync(file, "strict-trusted-chain-suggested");

            decisions.ShouldContain("blocked", $"without the addition at line {addition + 1}");
        }
    }

    [Fact]
    public async Task The_policy_goes_to_standard_output_and_the_attack_scenarios_it_lets_through_to_standard_error()
    {
        var suggest = await CliProcess.RunAsync(null, "policies", "suggest", "--trace", Trace, "--all", "--base", "strict-trusted-chain");

        suggest.ExitCode.ShouldBe(0, suggest.Error);
        suggest.Output.ShouldStartWith("name: strict-trusted-chain-suggested\n");
        var lines = suggest.Error.Split('\n');
        lines.ShouldContain(l => l.StartsWith("suggested policy \"strict-trusted-chain-suggested\": 2 trust additions;", StringComparison.Ordinal));
        lines.ShouldContain("attack scenarios (scenarios/recorded/attacks) under \"strict-trusted-chain\" and \"strict-trusted-chain-suggested\":");

        // The trace is the catalogue's own recording of this attack, so trusting its roles lets exactly that attack through.
        var listed = lines.Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        listed.Count.ShouldBe(Directory.GetFiles(Path.GetDirectoryName(Trace)!, "*.tltrace").Length);
        listed.Where(l => l.StartsWith("  now let through ", StringComparison.Ordinal)).Select(l => l.Split(' ')[^1])
            .ShouldBe(["view-and-default-same-function"]);
        listed.ShouldContain(l => l.StartsWith("  still blocked ", StringComparison.Ordinal) && l.EndsWith(" trigger-on-insert", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("note: the scenario traces name their own runs' roles", StringComparison.Ordinal));
    }

    [Fact]
    public async Task From_the_event_store_one_addition_serves_two_sessions()
    {
        // Given the view attack and the trigger attack recorded, both mallory inducing alice to ALTER ROLE
        var spool = scratch.CreateSubdirectory("spool");
        var stamp = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        File.Copy(Path.Combine(SpoolGolden, "attack-view.tlspool"), Path.Combine(spool.FullName, $"{stamp}-1.tlspool"));
        File.Copy(Path.Combine(SpoolGolden, "attack-trigger.tlspool"), Path.Combine(spool.FullName, $"{stamp}-2.tlspool"));
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };
        (await CliProcess.RunAsync(store, "record", "--once", "--spool", spool.FullName)).ExitCode.ShouldBe(0);
        var file = Path.Combine(scratch.FullName, "mine.yaml");

        // When
        var suggest = await CliProcess.RunAsync(store, "policies", "suggest", $"{stamp}-1", $"{stamp}-2", "--base", "ddl-needs-trusted-chain", "-o", file);

        // Then
        suggest.ExitCode.ShouldBe(0, suggest.Error);
        suggest.Output.ShouldStartWith($"suggested policy \"ddl-needs-trusted-chain-suggested\" written to \"{file}\": 1 trust addition;");
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        text.ShouldContain(
            "      roles:\n        alice:\n          # suggested: needed by 2 recorded operations:\n"
            + $"          #   session {stamp}-1, seq ");
        text.ShouldContain("          - mallory\n");
        var replay = await CliProcess.RunAsync(store, "replay", $"{stamp}-1", $"{stamp}-2", "-p", file, "-f", "json");
        replay.ExitCode.ShouldBe(0, replay.Error);
        Decisions(replay.Output, "ddl-needs-trusted-chain-suggested").ShouldAllBe(d => d == "allowed");
    }

    [Fact]
    public async Task A_default_block_no_addition_changes_is_an_error_naming_the_operation()
    {
        var basePolicy = Path.Combine(scratch.FullName, "only-ddl.yaml");
        await File.WriteAllTextAsync(basePolicy,
            "name: only-ddl\ndescription: Only DDL has a rule.\ndefault: block\nrules:\n  - {name: ddl, operations: [ddl], action: warn}\n",
            TestContext.Current.CancellationToken);
        var file = Path.Combine(scratch.FullName, "suggested.yaml");

        var suggest = await CliProcess.RunAsync(null, "policies", "suggest", "--trace", Trace, "--all", "--base", basePolicy, "-o", file);

        suggest.ExitCode.ShouldBe(4);
        suggest.Error.ShouldContain("error: policy \"only-ddl\" blocks \"INSERT\" by its default, which no trust addition changes\n"
                                    + "detail: No rule matches the operation at session ");
        suggest.Error.ShouldContain("hint: Add a rule that guards this operation, or change the policy's \"default\".\n");
        suggest.Error.ShouldNotContain("   at ");
        (await CliProcess.RunAsync(null, "policies", "check", file)).ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData(2, "--all")]
    [InlineData(2, "--all", "--base", "strict-trusted-chain", "--bogus")]
    [InlineData(2, "--all", "--base", "strict-trusted-chain", "--connection", "Host=nowhere")]
    [InlineData(2, "--all", "--base", "strict-trusted-chain", "-o", "")]
    [InlineData(1, "--base", "strict-trusted-chain")]
    [InlineData(1, "999999", "--base", "strict-trusted-chain")]
    [InlineData(1, "--all", "--base", "/nonexistent/policy.yaml")]
    [InlineData(1, "--all", "--base", "no-such-policy")]
    public async Task A_bad_command_line_is_an_error_without_a_stack_trace(int exitCode, params string[] arguments)
    {
        var result = await CliProcess.RunAsync(null, ["policies", "suggest", "--trace", Trace, .. arguments]);

        result.ExitCode.ShouldBe(exitCode, result.Error);
        result.Output.ShouldBeEmpty();
        result.Error.ShouldStartWith("error: ");
        result.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task An_unreadable_trace_is_an_error()
    {
        var notATrace = Path.Combine(scratch.FullName, "not.tltrace");
        await File.WriteAllTextAsync(notATrace, "hello", TestContext.Current.CancellationToken);

        var result = await CliProcess.RunAsync(null, "policies", "suggest", "--trace", notATrace, "--all", "--base", "permissive");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldStartWith($"error: \"{notATrace}\" is not a TraceLab trace file\n");
    }

    /// <summary>The line numbers of the list items a suggestion added (each follows its <c># suggested:</c> comment).</summary>
    private static List<int> Additions(string text)
    {
        var lines = text.Split('\n');
        var additions = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal)
                && i > 0 && lines[i - 1].TrimStart().StartsWith('#')
                && lines[..i].Reverse().TakeWhile(l => l.TrimStart().StartsWith('#')).Last().TrimStart().StartsWith("# suggested:", StringComparison.Ordinal))
            {
                additions.Add(i);
            }
        }

        return additions;
    }

    /// <summary><paramref name="text"/> without the list item at line <paramref name="item"/> and its comment; a list
    /// left empty is written <c>[]</c>.</summary>
    private static string Without(string text, int item)
    {
        var lines = text.Split('\n').ToList();
        var indent = lines[item].Length - lines[item].TrimStart().Length;
        var first = item;
        while (lines[first - 1].TrimStart().StartsWith('#'))
        {
            first--;
        }

        lines.RemoveRange(first, item - first + 1);
        var key = first - 1;
        while (lines[key].TrimStart().StartsWith('-') || lines[key].TrimStart().StartsWith('#'))
        {
            key--;
        }

        var next = lines.Skip(key + 1).FirstOrDefault(l => !l.TrimStart().StartsWith('#')) ?? "";
        if (!(next.Length - next.TrimStart().Length == indent && next.TrimStart().StartsWith("- ", StringComparison.Ordinal)))
        {
            lines[key] += " []";
        }

        return string.Join('\n', lines);
    }

    private static async Task<List<string>> DecisionsAsync(string policy, string name)
    {
        var replay = await CliProcess.RunAsync(null, "replay", "--trace", Trace, "--all", "-p", policy, "-f", "json");
        replay.ExitCode.ShouldBe(0, replay.Error);
        return Decisions(replay.Output, name);
    }

    private static List<string> Decisions(string json, string policy)
    {
        using var report = JsonDocument.Parse(json);
        return
        [
            .. report.RootElement.GetProperty("operations").EnumerateArray()
                .Select(o => o.GetProperty("verdicts").GetProperty(policy).GetProperty("decision").GetString() ?? ""),
        ];
    }
}
