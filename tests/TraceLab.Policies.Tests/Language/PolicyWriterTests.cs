using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;
using TraceLab.Policies.Suggesting;

namespace TraceLab.Policies.Tests.Language;

/// <summary>A written policy file reads back, with the project's own reader, as the policy it was written from.</summary>
public sealed class PolicyWriterTests
{
    /// <summary>Every setting of the language, with values that need quoting.</summary>
    private const string Everything = """
        name: every-setting
        description: "Two  spaces, a \"quote\", a tab\there and a line\nbreak."
        default: warn
        rules:
          - name: first
            operations: [ddl, role, copy-program]
            commands: ["ALTER ROLE", "CREATE *"]
            objects: ["mallory.*", "public.t"]
            trust:
              self: false
              superusers: false
              membership: inherited
              roles: {alice: [mallory, "null"], "*": [dba], "Alice Smith": ["x\\y"], empty: []}
              infrastructure: [type-output-functions, extension-members]
            scope: since-last-switch
            when:
              entry-kinds: [view, type_io, planner]
              phases: [planning, commit]
              executor-is-superuser: true
            action: block
            message: "{executor} may not: {command} (\"{culprit}\")"
          - name: second
            operations: [any]
            scope: immediate-caller
            action: warn
        """;

    [Fact]
    public void Every_setting_reads_back_as_written()
    {
        var definition = PolicyFile.Parse(Everything, "every.yaml");

        var written = PolicyWriter.Write(definition);
        var read = PolicyFile.Parse(written, "written.yaml");

        read.Name.ShouldBe(definition.Name);
        read.Description.ShouldBe(definition.Description);
        read.Default.ShouldBe(definition.Default);
        read.Rules.Count.ShouldBe(2);
        var (first, original) = (read.Rules[0], definition.Rules[0]);
        first.Operations.ShouldBe(original.Operations);
        first.Commands.ShouldBe(original.Commands);
        first.Objects.ShouldBe(original.Objects);
        first.Trust.Self.ShouldBeFalse();
        first.Trust.Superusers.ShouldBeFalse();
        first.Trust.Membership.ShouldBe(MembershipTrust.Inherited);
        first.Trust.Roles.Keys.ShouldBe(["alice", "*", "Alice Smith", "empty"]);
        first.Trust.Roles["alice"].ShouldBe(["mallory", "null"]);
        first.Trust.Roles["Alice Smith"].ShouldBe(["x\\y"]);
        first.Trust.Roles["empty"].ShouldBeEmpty();
        first.Trust.Infrastructure.ShouldBe(TrustedInfrastructure.TypeOutputFunctions | TrustedInfrastructure.ExtensionMembers);
        first.Scope.ShouldBe(TrustScope.SinceLastSwitch);
        first.When.EntryKinds.ShouldBe(original.When.EntryKinds, ignoreOrder: true);
        first.When.Planner.ShouldBeTrue();
        first.When.Phases.ShouldBe(original.When.Phases, ignoreOrder: true);
        first.When.ExecutorIsSuperuser.ShouldBe(true);
        first.Message.ShouldBe(original.Message);
        read.Rules[1].Operations.ShouldBe(definition.Rules[1].Operations);
        read.Rules[1].Scope.ShouldBe(TrustScope.ImmediateCaller);
        PolicyWriter.Write(read).ShouldBe(written);
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Every_built_in_policy_reads_back_as_written(string name)
    {
        var definition = PolicyCatalog.Find(name)!.Definition;

        var written = PolicyWriter.Write(definition);
        var read = PolicyFile.Parse(written, "written.yaml");

        read.Description.ShouldBe(definition.Description);
        read.Rules.Count.ShouldBe(definition.Rules.Count);
        PolicyWriter.Write(read).ShouldBe(written);
        PolicyFile.Check(written, "written.yaml").ShouldBeEmpty();
    }

    [Fact]
    public void A_comment_goes_above_the_entry_of_its_addition_and_the_file_still_reads()
    {
        var definition = PolicyFile.Parse(Everything, "every.yaml");
        var role = TrustAddition.Role(0, "alice", "mallory");
        var kind = TrustAddition.Kind(0, TrustedInfrastructure.ExtensionMembers);

        var written = PolicyWriter.Write(definition, a => a == role ? ["needed by: 1", "  and # this"] : a == kind ? ["kind\nbreak"] : []);

        written.ShouldContain("          # needed by: 1\n          #   and # this\n          - mallory\n");
        written.ShouldContain("        - type-output-functions\n        # kind break\n        - extension-members\n");
        PolicyWriter.Write(PolicyFile.Parse(written, "written.yaml")).ShouldBe(PolicyWriter.Write(definition));
    }

    public static TheoryData<string> BuiltIns() => [.. PolicyCatalog.Names];
}
