using TraceLab.Policies.Catalog;
using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Catalog;

/// <summary>Where the built-in policies disagree, and why: each variant's exception, and each policy's blind spot.</summary>
public sealed class CatalogVariantTests
{
    private static Decision Decide(string policy, Operation operation) => PolicyCatalog.Get(policy).Evaluate(operation).Decision;

    /// <summary>bob: INSERT INTO team.tasks fires team's trigger, whose function runs as bob.</summary>
    private static Operation GroupTrigger() => Chains.Call(
        Chains.BobInTeam,
        Chains.Statement("INSERT INTO team.tasks(id) VALUES (1)", Chains.BobInTeam, "INSERT"),
        Chains.Trigger("tasks_stamp on team.tasks", Chains.Team),
        Chains.Function("team.stamp()", Chains.Team));

    [Fact]
    public void A_trigger_of_a_group_role_is_blocked_by_the_strict_rule_and_allowed_by_its_membership_aware_variant()
    {
        var verdict = PolicyCatalog.Get("strict-trusted-chain").Evaluate(GroupTrigger());

        verdict.Decision.ShouldBe(Decision.Blocked);
        verdict.Message.ShouldBe("user \"team\" may not induce user \"bob\" to execute function team.stamp()");
        verdict.Hint.ShouldBe(
            "Trust the roles \"bob\" is a member of in the policy (trust: membership: inherited), "
            + "or do not modify the table of trigger tasks_stamp on team.tasks as \"bob\".");
        Decide("strict-trusted-chain-membership", GroupTrigger()).ShouldBe(Decision.Allowed);
    }

    [Fact]
    public void Membership_does_not_help_when_the_member_does_not_inherit()
    {
        var noInherit = Chains.BobInTeam with { Inherit = false };
        var operation = GroupTrigger() with
        {
            Executor = noInherit,
            Roles = Chains.Catalog(Chains.Alice, Chains.Mallory, noInherit, Chains.Team),
        };

        Decide("strict-trusted-chain-membership", operation).ShouldBe(Decision.Blocked);
    }

    [Fact]
    public void A_trigger_that_only_copies_rows_is_allowed_by_the_ddl_rule_and_blocked_by_the_sandbox_and_the_strict_rule()
    {
        var copy = Chains.Operation(
            "INSERT", OperationKind.PlannedStatement, Chains.Alice,
            Chains.Statement("INSERT INTO mallory.orders VALUES (1, 'secret')", Chains.Alice, "INSERT"),
            Chains.Trigger("orders_copy on mallory.orders", Chains.Mallory),
            Chains.Function("mallory.keep_copy()", Chains.Mallory),
            Chains.Query("INSERT INTO mallory.copies VALUES (NEW.id, NEW.note)", "INSERT", Chains.Mallory));
        var call = Chains.Call(Chains.Alice, [.. copy.Chain.Take(3)]);

        Decide("ddl-needs-trusted-chain", copy).ShouldBe(Decision.Allowed);
        Decide("sandbox-untrusted", copy).ShouldBe(Decision.Blocked);
        Decide("strict-trusted-chain", copy).ShouldBe(Decision.Blocked);
        Decide("sandbox-untrusted", call).ShouldBe(Decision.Allowed, "the sandbox lets untrusted code run, only not write");
        Decide("strict-trusted-chain", call).ShouldBe(Decision.Blocked);
    }

    [Theory]
    [InlineData(EntryTraits.TypeOutputFunction, ChainEntryKind.TypeIo)]
    [InlineData(EntryTraits.OperatorClass, ChainEntryKind.Operator)]
    public void Trusted_infrastructure_passes_only_the_infrastructure_variant(EntryTraits traits, ChainEntryKind kind)
    {
        var operation = Chains.Call(
            Chains.Bob,
            Chains.Statement("SELECT …", Chains.Bob),
            Chains.Entry(kind, "mallory.thing", Chains.Mallory, ChainPhase.Execution) with { Traits = traits },
            Chains.Function("mallory.thing_out(mallory.thing)", Chains.Mallory) with { Traits = traits });

        Decide("strict-trusted-chain", operation).ShouldBe(Decision.Blocked);
        Decide("strict-trusted-chain-infrastructure", operation).ShouldBe(Decision.Allowed);
    }

    [Fact]
    public void An_operator_outside_any_operator_family_stays_untrusted_in_the_infrastructure_variant()
    {
        var operation = Chains.Call(
            Chains.Bob,
            Chains.Statement("SELECT 1 = 1", Chains.Bob),
            Chains.Entry(ChainEntryKind.Operator, "public.=(integer, integer)", Chains.Mallory, ChainPhase.Execution),
            Chains.Function("mallory.f_evil(integer, integer)", Chains.Mallory));

        var verdict = PolicyCatalog.Get("strict-trusted-chain-infrastructure").Evaluate(operation);

        verdict.Decision.ShouldBe(Decision.Blocked);
        verdict.CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void A_definer_functions_untrusted_caller_is_blocked_by_the_strict_rule_and_allowed_since_the_definer()
    {
        var operation = Chains.Call(
            Chains.Bob,
            Chains.Statement("SELECT bob.api()", Chains.Mallory),
            Chains.Function("bob.api()", Chains.Bob) with { PrivilegeSwitch = true });

        Decide("strict-trusted-chain", operation).ShouldBe(Decision.Blocked);
        Decide("strict-trusted-chain-since-definer", operation).ShouldBe(Decision.Allowed);
    }

    [Fact]
    public void No_untrusted_code_as_superuser_leaves_ordinary_executors_alone()
    {
        var operation = Chains.Call(
            Chains.Bob,
            Chains.Statement("SELECT mallory.f()", Chains.Bob),
            Chains.Function("mallory.f()", Chains.Mallory));

        Decide("no-untrusted-code-as-superuser", operation).ShouldBe(Decision.Allowed);
        Decide("strict-trusted-chain", operation).ShouldBe(Decision.Blocked);
    }

    [Theory]
    [InlineData("SET ROLE", OperationKind.RoleSwitch)]
    [InlineData("GRANT", OperationKind.UtilityCommand)]
    [InlineData("CREATE TABLE", OperationKind.UtilityCommand)]
    [InlineData("DELETE", OperationKind.PlannedStatement)]
    public void The_sandbox_blocks_every_side_effect_of_untrusted_code(string command, OperationKind kind)
    {
        var operation = Chains.Operation(
            command, kind, Chains.Bob,
            Chains.Statement("SELECT mallory.f()", Chains.Bob),
            Chains.Function("mallory.f()", Chains.Mallory),
            kind == OperationKind.PlannedStatement ? Chains.Query("…", command, Chains.Mallory) : Chains.Utility("…", command, Chains.Mallory));

        Decide("sandbox-untrusted", operation).ShouldBe(Decision.Blocked);
    }

    [Fact]
    public void The_sandbox_lets_untrusted_code_read()
    {
        var operation = Chains.Operation(
            "SELECT", OperationKind.PlannedStatement, Chains.Bob,
            Chains.Statement("SELECT mallory.f()", Chains.Bob),
            Chains.Function("mallory.f()", Chains.Mallory),
            Chains.Query("SELECT * FROM bob.secrets", "SELECT", Chains.Mallory));

        Decide("sandbox-untrusted", operation).ShouldBe(Decision.Allowed);
    }
}
