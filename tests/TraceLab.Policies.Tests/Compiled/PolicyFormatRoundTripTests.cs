using TraceLab.Policies.Catalog;
using TraceLab.Policies.Compiled;
using TraceLab.Policies.Language;
using TraceLab.Tests.Shared;

namespace TraceLab.Policies.Tests.Compiled;

/// <summary>The compiled form gives back the policy it was written from: every built-in and generated policies that use
/// every key of the language.</summary>
public sealed class PolicyFormatRoundTripTests
{
    public static TheoryData<string> BuiltIns => [.. PolicyCatalog.Names];

    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, 200)];

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Every_built_in_policy_reads_back_equal(string name)
    {
        var definition = PolicyCatalog.Find(name)!.Definition;

        var read = PolicyFormatReader.Read(PolicyFormatWriter.Write(definition), "compiled");

        PolicyEquivalence.Equal(read, definition).ShouldBeTrue();
        PolicyDump.Describe(read).ShouldBe(PolicyDump.Describe(definition));
        read.FileName.ShouldBe("compiled");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_policies_read_back_equal(int seed)
    {
        var definition = PolicyFile.Parse(GeneratedPolicies.Text(seed), $"generated-{seed}.yaml");

        var bytes = PolicyFormatWriter.Write(definition);
        var read = PolicyFormatReader.Read(bytes, "compiled");

        PolicyEquivalence.Equal(read, definition).ShouldBeTrue();
        PolicyDump.Describe(read).ShouldBe(PolicyDump.Describe(definition));
        // One policy, one encoding: writing what was read gives the same bytes.
        PolicyFormatWriter.Write(read).ShouldBe(bytes);
    }

    [Fact]
    public void The_first_generated_policy_uses_every_key_and_every_optional_part()
    {
        var definition = PolicyFile.Parse(GeneratedPolicies.Text(0), "generated-0.yaml");

        definition.Rules.Count.ShouldBeGreaterThan(1);
        definition.Rules.ShouldAllBe(r =>
            r.Commands != null && r.Objects != null && r.Trust.Roles.Count >= 2 && r.Trust.Roles.Values.Any(v => v.Count > 0)
            && r.Trust.Infrastructure != TrustedInfrastructure.None && r.When.EntryKinds != null && r.When.Phases != null
            && r.When.ExecutorIsSuperuser != null && r.Message != null);
        definition.Description.ShouldContain("ü");
    }

    [Fact]
    public void Equivalence_notices_a_changed_field()
    {
        var definition = PolicyFile.Parse(GeneratedPolicies.Text(0), "generated-0.yaml");
        var rule = definition.Rules[0];
        var changed = definition with { Rules = [rule with { Trust = rule.Trust with { Self = !rule.Trust.Self } }, .. definition.Rules.Skip(1)] };

        PolicyEquivalence.Equal(changed, definition).ShouldBeFalse();
        PolicyDump.Describe(changed).ShouldNotBe(PolicyDump.Describe(definition));
    }

    [Fact]
    public void Names_are_written_once()
    {
        var definition = PolicyFile.Parse("""
            name: once
            description: once
            rules:
              - {name: once, operations: [ddl], trust: {roles: {once: [once, once]}}, action: block, message: once}
            """, "once.yaml");

        var bytes = PolicyFormatWriter.Write(definition);

        // The header, a table of one string, and the rule referring to it six times.
        BitConverter.ToUInt32(bytes, PolicyFormat.HeaderBytes).ShouldBe(1u);
        PolicyFormatReader.Read(bytes, "once").Rules[0].Trust.Roles["once"].ShouldBe(["once", "once"]);
    }
}
