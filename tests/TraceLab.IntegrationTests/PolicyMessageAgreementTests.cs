using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using TraceLab.IntegrationTests.Support;
using TraceLab.IntegrationTests.Support.Evaluator;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Compiled;
using TraceLab.Policies.Evaluation;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.IntegrationTests;

/// <summary>The probe's message renderer (src/Recorder/Probe/policy_message.c) writes exactly the message, DETAIL and
/// HINT the replayer prints (src/Policies/Messages): for random chains under every built-in policy, under policies
/// with <c>message</c> templates and under generated ones, and for a name starting with any character of the BMP.</summary>
/// <remarks>The probe is reached through <c>tracelab_policy_render_batch</c>, declared in <c>pg_temp</c> from the
/// library the server preloads. <c>TRACELAB_MESSAGE_CHAINS</c> asks for more chains than the 20,000 of a normal run,
/// <c>TRACELAB_MESSAGE_SEED</c> for another seed.</remarks>
public sealed class PolicyMessageAgreementTests(TestCluster cluster) : IAsyncLifetime
{
    private const int DefaultChains = 20_000;
    private const int BatchChains = 2_000;
    private const int GeneratedPerBatch = 4;

    // Templates with every placeholder, some twice, next to braces that are none; a warning rule and a blocking one
    // behind it; defaults that block and warn, so operations no rule decides are rendered too.
    private static readonly string[] TemplatePolicies =
    [
        """
        name: templates
        description: Rule messages with placeholders.
        default: block
        rules:
          - name: function-calls
            operations: [function-execution, role-switch]
            trust: {self: true, superusers: false, membership: inherited}
            action: warn
            message: "{executor}{executor} ran {command} for {culprit} ({culprit}) {{executor}} {executor %s"
          - name: statements
            operations: [ddl, role, grant, dml-write]
            trust: {self: true, superusers: true, roles: {"*": [bob], alice: [mallory, "Müller"]}}
            scope: since-last-switch
            action: block
            message: "{command}: {culprit} → {executor}"
        """,
        """
        name: warn-by-default
        description: A default that warns, and a rule that trusts by membership and infrastructure.
        default: warn
        rules:
          - name: reads
            operations: [dml-read, maintenance]
            trust: {self: true, superusers: false, membership: direct, infrastructure: [type-output-functions, operator-classes]}
            scope: immediate-caller
            action: block
        """,
    ];

    private PolicyBatchConnection probe = null!;

    public async ValueTask InitializeAsync() =>
        probe = await PolicyBatchConnection.OpenAsync(
            cluster,
            "tracelab_policy_render_batch",
            "TABLE (chain integer, policy integer, decision integer, message text, detail text, hint text)");

    public ValueTask DisposeAsync() => probe?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Fact]
    public async Task Both_renderers_write_the_same_texts_for_random_chains_under_every_built_in_template_and_generated_policy()
    {
        var seed = EnvironmentNumber.Or("TRACELAB_MESSAGE_SEED", 14);
        var total = EnvironmentNumber.Or("TRACELAB_MESSAGE_CHAINS", DefaultChains);
        var generator = new RandomMessageChains(seed, await probe.CommandTagsAsync());
        var templates = TemplatePolicies.Select(text => PolicyFile.Parse(text, "templates.yaml")).ToArray();
        var seen = new TextCoverage();

        var (rendered, mismatches) = await RandomChainBatches.CompareAsync(seed, total, BatchChains, GeneratedPerBatch, ("template", templates),
            generator.Next, (definitions, chains, context) => CompareAsync(definitions, chains, context, seen));

        TestContext.Current.TestOutputHelper?.WriteLine(seen.ToString());
        mismatches.ShouldBeEmpty(string.Join("\n", mismatches));
        rendered.ShouldBe(total);
        // Every branch of the text was compared, not only the common ones.
        seen.Missing().ShouldBeEmpty(seen.ToString());
    }

    [Fact]
    public async Task Both_renderers_capitalize_a_name_starting_with_any_character_alike()
    {
        // A frame the recording lacks, below the statement alice entered, is the culprit: the DETAIL starts with its
        // name, capitalized. Every character of the BMP but the surrogates and NUL, and a few beyond it.
        var policy = PolicyCatalog.Find("strict-trusted-chain")!.Definition;
        var first = Enumerable.Range(1, 0xFFFF).Where(c => c is < 0xD800 or > 0xDFFF).Select(c => ((char)c).ToString())
            .Concat(["𐐨", "😀", "𝒜"]);
        var chains = first.Select(f => new TestChain(
            [new TestRole(10, "alice", false, true, [])], 10, OperationKind.UtilityCommand, "ALTER ROLE", null, [],
            [
                new TestEntry(ChainEntryKind.Statement, ChainPhase.Utility, EntryTraits.None, false, false, false, 10),
                new TestEntry(ChainEntryKind.Default, ChainPhase.Execution, EntryTraits.None, false, false, true, 0, Name: f + "x tail"),
            ])).ToArray();

        var mismatches = await CompareAsync([policy], chains, "capitalization");

        mismatches.ShouldBeEmpty(string.Join("\n", mismatches));
        // The comparison is not of unchanged names only: .NET upper-cases over a thousand of these characters.
        chains.Count(c => char.ToUpperInvariant(c.Entries[1].Name![0]) != c.Entries[1].Name![0]).ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task A_malformed_version_2_batch_is_a_clean_error()
    {
        var policy = PolicyFormatWriter.Write(PolicyCatalog.Find("strict-trusted-chain")!.Definition);
        var chain = new TestChain([new TestRole(10, "alice", false, true, [])], 10, OperationKind.UtilityCommand, "ALTER ROLE",
            null, [],
            [
                new TestEntry(ChainEntryKind.Statement, ChainPhase.Utility, EntryTraits.None, false, false, false, 10, Command: "ALTER ROLE"),
                new TestEntry(ChainEntryKind.Function, ChainPhase.Execution, EntryTraits.None, false, false, false, 11, "f()", null, 7, 16390, true),
            ]);
        var bytes = ChainBatch.Encode([chain], ChainBatch.MessageVersion);

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = await Should.ThrowAsync<PostgresException>(() => RenderAsync([policy], bytes[..length]));
            error.SqlState.ShouldBe(PostgresErrorCodes.InvalidBinaryRepresentation);
            error.MessageText.ShouldBe("invalid chain batch");
        }

        (await RenderAsync([policy], bytes)).Count.ShouldBe(1);
        // The inlined flag is version 2's: in a version 1 batch it is an invalid entry.
        var first = ChainBatch.Encode([chain with { Entries = [chain.Entries[1]] }]);
        var flagged = (byte[])first.Clone();
        flagged[^5] = 8;
        (await Should.ThrowAsync<PostgresException>(() => RenderAsync([policy], flagged))).Detail
            .ShouldBe("Invalid entry 0 at byte 64 (kind 2, phase 5, traits 0, flags 0x8) in chain 1.");
        var unknown = (byte[])bytes.Clone();
        unknown[8] = 3;
        (await Should.ThrowAsync<PostgresException>(() => RenderAsync([policy], unknown))).Detail
            .ShouldBe("Unsupported batch version 3; this build reads versions 1 to 2.");
    }

    /// <summary>Renders <paramref name="chains"/> under every policy with both renderers; one message per difference,
    /// each with what reproduces it.</summary>
    private async Task<List<string>> CompareAsync(
        PolicyDefinition[] definitions, TestChain[] chains, string context, TextCoverage? seen = null)
    {
        var compiled = definitions.Select(d => new CompiledPolicy(d)).ToArray();
        var rows = await RenderAsync([.. definitions.Select(PolicyFormatWriter.Write)], ChainBatch.Encode(chains, ChainBatch.MessageVersion));
        rows.Count.ShouldBe(chains.Length * definitions.Length);
        var mismatches = new List<string>();
        for (var c = 0; c < chains.Length && mismatches.Count < 3; c++)
        {
            var operation = chains[c].ToOperation();
            for (var p = 0; p < compiled.Length && mismatches.Count < 3; p++)
            {
                var expected = compiled[p].Evaluate(operation);
                var actual = rows[(c * compiled.Length) + p];
                seen?.Add(expected, compiled[p]);
                if (actual.Chain != c || actual.Policy != p || actual.Decision != expected.Decision || actual.Message != expected.Message
                    || actual.Detail != expected.Detail || actual.Hint != expected.Hint)
                {
                    mismatches.Add(new StringBuilder()
                        .Append(CultureInfo.InvariantCulture, $"{context}, chain {c}, policy {p} \"{definitions[p].Name}\":\n")
                        .Append(CultureInfo.InvariantCulture, $"C#    {expected.Decision}\n  message {expected.Message}\n  detail  {expected.Detail}\n  hint    {expected.Hint}\n")
                        .Append(CultureInfo.InvariantCulture, $"probe {actual.Decision} (row {actual.Chain}/{actual.Policy})\n  message {actual.Message}\n  detail  {actual.Detail}\n  hint    {actual.Hint}\n")
                        .Append(chains[c].Describe())
                        .Append(PolicyDump.Describe(definitions[p]))
                        .ToString());
                }
            }
        }

        return mismatches;
    }

    private async Task<List<RenderedRow>> RenderAsync(byte[][] policies, byte[] chains)
    {
        await using var command = new NpgsqlCommand(
            "SELECT chain, policy, decision, message, detail, hint FROM pg_temp.tracelab_policy_render_batch($1, $2)", probe.Connection);
        command.Parameters.Add(new NpgsqlParameter { Value = policies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.AddWithValue(chains);
        var rows = new List<RenderedRow>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(new RenderedRow(
                reader.GetInt32(0),
                reader.GetInt32(1),
                (Decision)reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return rows;
    }

    /// <summary>One row of <c>tracelab_policy_render_batch</c>.</summary>
    private sealed record RenderedRow(int Chain, int Policy, Decision Decision, string? Message, string? Detail, string? Hint);

    /// <summary>How often each branch of the text was compared, read off the C# texts.</summary>
    private sealed class TextCoverage
    {
        private static readonly (string Branch, Func<Verdict, CompiledPolicy, bool> Reached)[] Branches =
        [
            ("blocked", (v, _) => v.IsBlocked),
            ("warned", (v, _) => v.IsWarned),
            ("by the default", (v, _) => v.Rule is null),
            ("rule template", (v, p) => v.Rule is { } r && p.Definition.Rules.First(d => d.Name == r).Message is not null),
            ("unknown executor", (v, _) => v.Message!.Contains("induce role 1", StringComparison.Ordinal)
                                           || v.Message.Contains("induce an unknown role", StringComparison.Ordinal)),
            ("function command", (v, _) => v.Message!.Contains("execute function ", StringComparison.Ordinal)
                                           || v.Message.Contains("executing function ", StringComparison.Ordinal)),
            ("root alone", (v, _) => v.Detail!.StartsWith("The statement", StringComparison.Ordinal)),
            ("maintenance root", (v, _) => v.Detail!.Contains(" started by session user ", StringComparison.Ordinal)),
            ("commit", (v, _) => v.Detail!.Contains("COMMIT", StringComparison.Ordinal)),
            ("while planning", (v, _) => v.Detail!.Contains(" while planning ", StringComparison.Ordinal)),
            ("parse analysis", (v, _) => v.Detail!.Contains(" during parse analysis of ", StringComparison.Ordinal)),
            ("inlined", (v, _) => v.Detail!.Contains("inlined into", StringComparison.Ordinal)),
            ("candidates", (v, _) => v.Detail!.Contains(" or ", StringComparison.Ordinal) && v.Detail.Contains("(candidate", StringComparison.Ordinal)),
            ("synthetic", (v, _) => v.Detail!.Contains("whose owner the recording lacks", StringComparison.Ordinal)),
            ("unnamed prepared statement", (v, _) => v.Detail!.Contains("the unnamed prepared statement", StringComparison.Ordinal)),
            ("capitalized non-ASCII", (v, _) => v.Detail is { Length: > 0 } d && d[0] > 0x7F && char.IsUpper(d[0])),
            ("missing frame", (v, _) => v.Hint?.StartsWith("The recording lacks frame", StringComparison.Ordinal) == true),
            ("undescribed culprit", (v, _) => v.Hint?.Contains("is not described in the recording", StringComparison.Ordinal) == true),
            ("incomplete owners", (v, _) => v.Hint?.Contains("The chain has another owner", StringComparison.Ordinal) == true),
            ("several owners", (v, _) => v.Hint?.Contains("\" and \"", StringComparison.Ordinal) == true),
            ("membership", (v, _) => v.Hint?.Contains("(trust: membership: inherited)", StringComparison.Ordinal) == true),
            ("membership alone", (v, _) => v.Hint?.StartsWith("Trust the roles", StringComparison.Ordinal) == true),
            ("quoted key", (v, _) => v.Hint?.Contains("(trust: roles: {\"", StringComparison.Ordinal) == true),
            ("everyone's key", (v, _) => v.Hint?.Contains("(trust: roles: {\"*\"", StringComparison.Ordinal) == true),
            ("plain key", (v, _) => v.Hint?.Contains("(trust: roles: {alice:", StringComparison.Ordinal) == true),
            ("infrastructure", (v, _) => v.Hint?.Contains("trust: infrastructure:", StringComparison.Ordinal) == true),
            ("domain", (v, _) => v.Hint?.Contains("do not use domain a check b as", StringComparison.Ordinal) == true),
        ];

        private readonly int[] counts = new int[Branches.Length];

        public void Add(Verdict verdict, CompiledPolicy policy)
        {
            if (verdict.Decision == Decision.Allowed)
            {
                return;
            }

            for (var i = 0; i < Branches.Length; i++)
            {
                counts[i] += Branches[i].Reached(verdict, policy) ? 1 : 0;
            }
        }

        public IEnumerable<string> Missing() => Branches.Where((_, i) => counts[i] == 0).Select(b => b.Branch);

        public override string ToString() =>
            string.Join(", ", Branches.Select((b, i) => string.Create(CultureInfo.InvariantCulture, $"{b.Branch} {counts[i]}")));
    }
}
