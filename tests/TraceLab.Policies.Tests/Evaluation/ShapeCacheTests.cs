using TraceLab.Policies.Evaluation;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Evaluation;

/// <summary>The decision cache: one entry per chain shape, never shared by shapes that decide differently.</summary>
public sealed class ShapeCacheTests
{
    private static CompiledPolicy Fresh(string trust = "{}") => (CompiledPolicy)PolicyFile.Compile(
        $"name: cached\ndescription: d\nrules:\n  - {{name: r, operations: [any], trust: {trust}, action: block}}\n", "cached.yaml");

    [Fact]
    public void The_same_shape_with_other_roles_and_names_is_decided_once()
    {
        var policy = Fresh();
        var first = Chains.ViewAttack();
        var other = Chains.Operation(
            "DROP TABLE", OperationKind.UtilityCommand, Chains.Alice,
            Chains.Statement("SELECT * FROM bob.v", Chains.Alice),
            Chains.View("bob.v", Chains.Bob), Chains.View("bob.w", Chains.Bob, 16401),
            Chains.Function("bob.f(integer)", Chains.Bob), Chains.Utility("DROP TABLE x", "DROP TABLE", Chains.Bob));

        var a = policy.Evaluate(first);
        var b = policy.Evaluate(other);

        policy.CachedShapes.ShouldBe(1);
        (a.Decision, a.CulpritIndex).ShouldBe((b.Decision, b.CulpritIndex));
        a.Message.ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        b.Message.ShouldBe("user \"bob\" may not induce user \"alice\" to execute \"DROP TABLE\"", "messages come from the operation, not the cache");
    }

    [Fact]
    public void A_cached_decision_equals_a_fresh_one()
    {
        var cached = Fresh();
        cached.Evaluate(Chains.ViewAttack());

        cached.Evaluate(Chains.ViewAttack()).ShouldBe(Fresh().Evaluate(Chains.ViewAttack()));
    }

    [Fact]
    public void Differing_trust_facts_make_different_entries()
    {
        var policy = Fresh();

        policy.Evaluate(Chains.ViewAttack()).IsBlocked.ShouldBeTrue();
        policy.Evaluate(Chains.ViewAttack(Chains.Mallory with { Superuser = true })).IsBlocked.ShouldBeFalse();
        policy.CachedShapes.ShouldBe(2);
    }

    [Fact]
    public void Membership_is_part_of_the_shape_when_the_policy_trusts_it()
    {
        var policy = Fresh("{membership: inherited}");
        var member = Chains.Call(Chains.BobInTeam, Chains.Statement("SELECT", Chains.BobInTeam), Chains.Function("team.f()", Chains.Team));
        var stranger = Chains.Call(Chains.BobInTeam, Chains.Statement("SELECT", Chains.BobInTeam), Chains.Function("mallory.f()", Chains.Mallory));

        policy.Evaluate(member).IsBlocked.ShouldBeFalse();
        policy.Evaluate(stranger).IsBlocked.ShouldBeTrue();
        policy.CachedShapes.ShouldBe(2);
    }

    [Fact]
    public void Explicit_lists_are_part_of_the_shape()
    {
        var policy = Fresh("{roles: {alice: [mallory]}}");

        policy.Evaluate(Chains.ViewAttack()).IsBlocked.ShouldBeFalse();
        policy.Evaluate(Chains.ViewAttack() with { Executor = Chains.Bob }).IsBlocked.ShouldBeTrue();
    }

    [Fact]
    public void Switch_flags_and_traits_are_part_of_the_shape()
    {
        var policy = (CompiledPolicy)PolicyFile.Compile("""
            name: cached
            description: d
            rules:
              - name: r
                operations: [any]
                scope: since-last-switch
                trust: {infrastructure: [type-output-functions]}
                action: block
            """, "cached.yaml");
        var plain = Chains.Call(Chains.Bob, Chains.Statement("SELECT", Chains.Mallory), Chains.Function("bob.f()", Chains.Bob));
        var definer = plain with { Chain = [plain.Chain[0], plain.Chain[1] with { PrivilegeSwitch = true }] };
        var output = Chains.Call(Chains.Bob, Chains.Statement("SELECT", Chains.Bob),
            Chains.Function("mallory.out()", Chains.Mallory) with { Traits = EntryTraits.TypeOutputFunction });

        policy.Evaluate(plain).IsBlocked.ShouldBeTrue();
        policy.Evaluate(definer).IsBlocked.ShouldBeFalse();
        policy.Evaluate(output).IsBlocked.ShouldBeFalse();
        policy.Evaluate(output with { Chain = [output.Chain[0], output.Chain[1] with { Traits = EntryTraits.None }] }).IsBlocked.ShouldBeTrue();
    }

    [Fact]
    public void Operations_no_rule_guards_never_reach_the_cache()
    {
        var policy = (CompiledPolicy)BuiltInPolicies.Find("ddl-needs-trusted-chain").ShouldNotBeNull();
        var before = policy.CachedShapes;

        policy.Evaluate(Chains.Call(Chains.Alice, Chains.Statement("SELECT", Chains.Alice), Chains.Function("x.f()", Chains.Mallory)))
            .ShouldBeSameAs(Verdict.Allow());
        policy.CachedShapes.ShouldBe(before);
    }

    [Fact]
    public void Evaluation_is_safe_from_several_threads()
    {
        var policy = Fresh();
        var operations = Enumerable.Range(0, 2000).Select(i => i % 2 == 0 ? Chains.ViewAttack() : Chains.BenignBob()).ToArray();

        var decisions = operations.AsParallel().Select(o => policy.Evaluate(o).Decision).ToArray();

        decisions.Where((d, i) => d != (i % 2 == 0 ? Decision.Blocked : Decision.Allowed)).ShouldBeEmpty();
    }
}
