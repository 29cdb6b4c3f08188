using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using TraceLab.Events;
using TraceLab.IntegrationTests.Support;
using TraceLab.IntegrationTests.Support.Evaluator;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Compiled;
using TraceLab.Policies.Evaluation;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.IntegrationTests;

/// <summary>The probe's policy evaluator (src/Recorder/Probe/policy_eval.c) decides exactly as the C# one
/// (<see cref="CompiledPolicy.Decide"/>): the same decision, culprit and rule for random chains under every built-in
/// policy and under generated policies that use every key, and the same operation kinds for every command tag the
/// server has.</summary>
/// <remarks>The probe is reached through <c>tracelab_policy_decide_batch</c> and <c>tracelab_policy_command_tags</c>,
/// declared in <c>pg_temp</c> from the library the server preloads. <c>TRACELAB_EVALUATOR_CHAINS</c> asks for more
/// chains than the 100,000 of a normal run, <c>TRACELAB_EVALUATOR_SEED</c> for another seed.</remarks>
public sealed class PolicyEvaluatorAgreementTests(TestCluster cluster) : IAsyncLifetime
{
    private const int DefaultChains = 100_000;
    private const int BatchChains = 10_000;
    private const int GeneratedPerBatch = 8;

    // Corners the generated policies do not reach: "*" as a trusted role (it names nobody), keys and patterns that
    // look like wildcards, patterns with empty parts, a "when" that lists only "planner".
    private static readonly string[] EdgePolicies =
    [
        """
        name: edge-names
        description: Names that look like wildcards.
        default: warn
        rules:
          - name: names
            operations: [any]
            trust: {self: false, superusers: false, roles: {"*": ["*", "ALICE"], alice: ["*", bob], "*ob": [mallory]}}
            action: block
        """,
        """
        name: edge-patterns
        description: Patterns with empty parts.
        rules:
          - name: stars
            operations: [any]
            commands: ["**", "a*t*r *", "*E*E*", "S*T", "*py f*"]
            objects: ["*", "public.**t", "*.*", "**secret"]
            scope: immediate-caller
            trust: {self: true, superusers: false, membership: inherited}
            when: {entry-kinds: [planner]}
            action: warn
          - name: rest
            operations: [ddl, dml-read, copy-program]
            objects: ["mallory.f_evil(integer)", "Public.*"]
            scope: since-last-switch
            trust: {self: false, superusers: true, membership: direct, infrastructure: [superuser-owned, extension-members]}
            when: {executor-is-superuser: false, phases: [planning, execution]}
            action: block
        """,
    ];

    private PolicyBatchConnection probe = null!;

    public async ValueTask InitializeAsync() =>
        probe = await PolicyBatchConnection.OpenAsync(cluster, "tracelab_policy_decide_batch", "bytea");

    public ValueTask DisposeAsync() => probe?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Fact]
    public async Task Both_evaluators_decide_random_chains_alike_under_every_built_in_and_generated_policy()
    {
        var seed = EnvironmentNumber.Or("TRACELAB_EVALUATOR_SEED", 14);
        var total = EnvironmentNumber.Or("TRACELAB_EVALUATOR_CHAINS", DefaultChains);
        var generator = new RandomChains(seed, await probe.CommandTagsAsync());
        var edges = EdgePolicies.Select(text => PolicyFile.Parse(text, "edge.yaml")).ToArray();
        var seen = new OutcomeCounts();

        var (decided, mismatches) = await RandomChainBatches.CompareAsync(seed, total, BatchChains, GeneratedPerBatch, ("edge", edges),
            generator.Next, (definitions, chains, context) => CompareAsync(definitions, chains, context, seen));

        TestContext.Current.TestOutputHelper?.WriteLine(seen.ToString());
        mismatches.ShouldBeEmpty(string.Join("\n", mismatches));
        decided.ShouldBe(total);
        // The chains reach every kind of outcome, so agreement is not agreement on the easy cases only.
        seen.Blocked.ShouldBeGreaterThan(0);
        seen.Warned.ShouldBeGreaterThan(0);
        seen.AllowedByRule.ShouldBeGreaterThan(0);
        seen.ByDefault.ShouldBeGreaterThan(0);
        seen.LaterCulprit.ShouldBeGreaterThan(0);
        seen.LaterRule.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Both_evaluators_give_every_command_tag_of_the_server_the_same_operation_kinds()
    {
        var serverTags = await probe.CommandTagsAsync();
        string[] unlisted = ["CREATE FROBNICATOR", "alter x", "DROP", "FROB", "", "  select  ", "\u00A0VACUUM\u3000", "Copy From"];
        var tags = serverTags.Concat(CommandCategories.Table.Select(t => t.Key)).Concat(unlisted)
            .SelectMany(t => new[] { t, t.ToLowerInvariant() }).Distinct(StringComparer.Ordinal).ToArray();
        // One policy per operation kind: a rule guarding only that kind blocks every chain, so a decision says whether
        // the kind guards the command.
        var kinds = Vocabulary.Operations;
        var policies = kinds.Select(k => PolicyFile.Parse(
            $"name: guards\ndescription: Guards one kind.\nrules:\n  - name: only\n    operations: [{k.Name}]\n" +
            "    trust: {self: false, superusers: false}\n    action: block\n", "guards.yaml")).ToArray();
        var chains = (
            from tag in tags
            from kind in new[] { OperationKind.PlannedStatement, OperationKind.UtilityCommand }
            from copy in new CopyDetails?[] { null, new(true, false, "t"), new(false, true, "t") }
            select new TestChain([], 10, kind, tag, copy, [],
                [new TestEntry(ChainEntryKind.Statement, ChainPhase.Utility, EntryTraits.None, false, false, false, 0)])).ToArray();

        (await CompareAsync(policies, chains, "command tags")).ShouldBeEmpty();
        serverTags.Count.ShouldBeGreaterThan(150);
        // Each kind a command tag gives guards some chains and leaves others alone: the comparison above is not
        // trivially equal. (Function calls and role switches are kinds of operation, not of tag; "any" guards all.)
        var byTag = GuardedOperations.Ddl | GuardedOperations.Role | GuardedOperations.Grant | GuardedOperations.DmlWrite
                    | GuardedOperations.DmlRead | GuardedOperations.CopyProgram | GuardedOperations.Maintenance;
        foreach (var (kind, policy) in kinds.Zip(policies).Where(p => (p.First.Value & byTag) != 0))
        {
            var compiled = new CompiledPolicy(policy);
            var blocked = chains.Count(c => compiled.Decide(c.ToOperation()).Decision == Decision.Blocked);
            blocked.ShouldBeInRange(1, chains.Length - 1, kind.Name);
        }
    }

    [Fact]
    public async Task A_malformed_batch_is_a_clean_error()
    {
        var policy = PolicyFormatWriter.Write(PolicyCatalog.Find("strict-trusted-chain")!.Definition);
        var chain = new TestChain([], 10, OperationKind.UtilityCommand, "ALTER ROLE", null, [],
            [new TestEntry(ChainEntryKind.Statement, ChainPhase.Utility, EntryTraits.None, false, false, false, 10)]);
        var bytes = ChainBatch.Encode([chain]);

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = await Should.ThrowAsync<PostgresException>(() => DecideAsync([policy], bytes[..length]));
            error.SqlState.ShouldBe(PostgresErrorCodes.InvalidBinaryRepresentation);
            error.MessageText.ShouldBe("invalid chain batch");
        }

        (await DecideAsync([policy], bytes)).Length.ShouldBe(ChainBatch.ResultLength(1, 1));
        var damaged = (byte[])bytes.Clone();
        damaged[^8] = 22;
        (await Should.ThrowAsync<PostgresException>(() => DecideAsync([policy], damaged))).Detail
            .ShouldBe("Invalid entry 0 at byte 46 (kind 22, phase 6, traits 0, flags 0x0) in chain 1.");
        (await Should.ThrowAsync<PostgresException>(() => DecideAsync([policy[..^1]], bytes))).MessageText
            .ShouldBe("invalid compiled policy");
    }

    /// <summary>Decides <paramref name="chains"/> under every policy with both evaluators; one message per
    /// difference, each with what reproduces it.</summary>
    private async Task<List<string>> CompareAsync(
        PolicyDefinition[] definitions, TestChain[] chains, string context, OutcomeCounts? seen = null)
    {
        var compiled = definitions.Select(d => new CompiledPolicy(d)).ToArray();
        var results = await DecideAsync([.. definitions.Select(PolicyFormatWriter.Write)], ChainBatch.Encode(chains));
        results.Length.ShouldBe(ChainBatch.ResultLength(chains.Length, definitions.Length));
        var mismatches = new List<string>();
        for (var c = 0; c < chains.Length && mismatches.Count < 3; c++)
        {
            var operation = chains[c].ToOperation();
            for (var p = 0; p < compiled.Length && mismatches.Count < 3; p++)
            {
                var expected = compiled[p].Decide(operation);
                seen?.Add(expected);
                var (decision, culprit, rule) = ChainBatch.Result(results, c, p, compiled.Length);
                if (expected.Decision != decision || expected.Culprit != culprit || expected.Rule != rule)
                {
                    mismatches.Add(new StringBuilder()
                        .Append(CultureInfo.InvariantCulture, $"{context}, chain {c}, policy {p} \"{definitions[p].Name}\": ")
                        .Append(CultureInfo.InvariantCulture, $"C# {expected.Decision} culprit {expected.Culprit} rule {expected.Rule}, ")
                        .Append(CultureInfo.InvariantCulture, $"probe {decision} culprit {culprit} rule {rule}\n")
                        .Append(chains[c].Describe())
                        .Append(PolicyDump.Describe(definitions[p]))
                        .ToString());
                }
            }
        }

        return mismatches;
    }

    private async Task<byte[]> DecideAsync(byte[][] policies, byte[] chains)
    {
        await using var command = new NpgsqlCommand("SELECT pg_temp.tracelab_policy_decide_batch($1, $2)", probe.Connection);
        command.Parameters.Add(new NpgsqlParameter { Value = policies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.AddWithValue(chains);
        return (byte[])(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>How often each kind of outcome occurred.</summary>
    private sealed class OutcomeCounts
    {
        public int Blocked { get; private set; }

        public int Warned { get; private set; }

        public int AllowedByRule { get; private set; }

        public int ByDefault { get; private set; }

        public int LaterCulprit { get; private set; }

        public int LaterRule { get; private set; }

        public void Add(Outcome outcome)
        {
            Blocked += outcome.Decision == Decision.Blocked ? 1 : 0;
            Warned += outcome.Decision == Decision.Warned ? 1 : 0;
            AllowedByRule += outcome.Decision == Decision.Allowed && outcome.Rule >= 0 ? 1 : 0;
            ByDefault += outcome.Rule < 0 ? 1 : 0;
            LaterCulprit += outcome.Culprit > 0 ? 1 : 0;
            LaterRule += outcome.Rule > 0 ? 1 : 0;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"blocked {Blocked}, warned {Warned}, allowed by a rule {AllowedByRule}, by the default {ByDefault}, culprit after the root {LaterCulprit}, decided by a later rule {LaterRule}");
    }
}
