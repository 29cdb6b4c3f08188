using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Policies.Suggesting;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Suggesting;

/// <summary>The suggester grows only the trust of the rule that flagged an operation, until the policy flags none of
/// the operations it was given, and keeps no addition the others make unneeded.</summary>
public sealed class TrustSuggesterTests
{
    private const string Strict = "name: mine\ndescription: A policy.\nrules:\n  - name: r\n    operations: [any]\n    action: block\n";

    private static readonly RoleFacts Carol = new(16390, "carol", Superuser: false, true, true, false);

    /// <summary>A role the recording never described: it has an oid, but no name a policy could list.</summary>
    private static readonly RoleFacts Undescribed = RoleFacts.Unknown(16399);

    [Fact]
    public void The_owner_of_the_culprit_is_trusted_by_the_executing_user_in_the_rule_that_flagged_it()
    {
        var basePolicy = PolicyCatalogDefinition("ddl-needs-trusted-chain");

        var suggestion = Suggest(basePolicy, Chains.ViewAttack());

        suggestion.Additions.Select(a => a.Addition).ShouldBe([TrustAddition.Role(0, "alice", "mallory")]);
        suggestion.Policy.Rules[0].Trust.Roles["alice"].ShouldBe(["mallory"]);
        suggestion.Unallowed.ShouldBeEmpty();
        Flags(suggestion.Policy, Chains.ViewAttack()).ShouldBeFalse();
    }

    [Fact]
    public void Every_untrusted_owner_of_a_chain_is_trusted_in_chain_order()
    {
        var suggestion = Suggest(Parse(Strict), ThreeOwners());

        suggestion.Policy.Rules[0].Trust.Roles["alice"].ShouldBe(["mallory", "bob", "carol"]);
        Flags(suggestion.Policy, ThreeOwners()).ShouldBeFalse();
    }

    [Fact]
    public void Of_a_role_and_an_infrastructure_kind_that_both_trust_the_culprit_only_the_role_is_kept()
    {
        // Given a type output function of mallory's: trusting mallory or type output functions would each do
        var operation = TypeOutput(Chains.Mallory);

        // When
        var suggestion = Suggest(Parse(Strict), operation);

        // Then the narrower one stays, the broader one is found unneeded
        suggestion.Additions.Select(a => a.Addition).ShouldBe([TrustAddition.Role(0, "alice", "mallory")]);
        suggestion.Policy.Rules[0].Trust.Infrastructure.ShouldBe(TrustedInfrastructure.None);
        Flags(suggestion.Policy, operation).ShouldBeFalse();
    }

    [Fact]
    public void An_infrastructure_kind_one_operation_needs_makes_a_role_another_needed_unneeded()
    {
        // Given mallory's type output function (role or kind would do) and one of a role the recording does not name (only
        // the kind will do)
        var named = TypeOutput(Chains.Mallory);
        var unnamed = TypeOutput(Undescribed);

        // When
        var suggestion = Suggest(Parse(Strict), named, unnamed);

        // Then the kind is kept and the role, first needed but now covered by it, is not
        suggestion.Additions.Select(a => a.Addition).ShouldBe([TrustAddition.Kind(0, TrustedInfrastructure.TypeOutputFunctions)]);
        suggestion.Policy.Rules[0].Trust.Roles.ShouldBeEmpty();
        Flags(suggestion.Policy, named).ShouldBeFalse();
        Flags(suggestion.Policy, unnamed).ShouldBeFalse();
        suggestion.Additions[0].Count.ShouldBe(2);
    }

    [Fact]
    public void No_addition_can_be_removed_without_flagging_an_operation_again()
    {
        var basePolicy = Parse(Strict);
        var operations = new[] { ThreeOwners(), Chains.TriggerAttack(), TypeOutput(Undescribed), Chains.BenignBob(), TypeOutput(Carol) };

        var suggestion = Suggest(basePolicy, operations);

        suggestion.Additions.Count.ShouldBeGreaterThan(2);
        foreach (var addition in suggestion.Additions)
        {
            var others = suggestion.Additions.Select(a => a.Addition).Where(a => a != addition.Addition);
            var without = TrustAdditions.Apply(basePolicy, others);
            operations.Count(o => Flags(without, o)).ShouldBe(
                (int)addition.Count, $"without {addition.Addition}, the operations that need it are flagged again");
        }

        operations.ShouldAllBe(o => !Flags(suggestion.Policy, o));
    }

    [Fact]
    public void A_default_block_is_reported_and_gets_no_addition()
    {
        // Given a policy whose only rule guards DDL, and which blocks everything else by its default
        var basePolicy = Parse("name: mine\ndescription: A policy.\ndefault: block\nrules:\n  - {name: r, operations: [ddl], action: block}\n");
        var call = Chains.Call(Chains.Alice, Chains.Statement("SELECT mallory.f()", Chains.Alice), Chains.Function("mallory.f()", Chains.Mallory));

        // When
        var suggestion = Suggest(basePolicy, call);

        // Then
        suggestion.Additions.ShouldBeEmpty();
        var unallowed = suggestion.Unallowed.ShouldHaveSingleItem();
        unallowed.Reason.ShouldBe(UnallowedReason.Default);
        unallowed.Decision.ShouldBe(Decision.Blocked);
        unallowed.Rule.ShouldBeNull();
        unallowed.Operation.Operation.ShouldBeSameAs(call);
    }

    [Fact]
    public void An_owner_without_a_name_and_without_infrastructure_is_reported_and_the_rest_still_let_through()
    {
        var unnamed = Chains.Call(Chains.Alice, Chains.Statement("SELECT x.f()", Chains.Alice), Chains.Function("x.f()", Undescribed));

        var suggestion = Suggest(Parse(Strict), unnamed, Chains.TriggerAttack());

        var unallowed = suggestion.Unallowed.ShouldHaveSingleItem();
        unallowed.Reason.ShouldBe(UnallowedReason.UndescribedOwner);
        unallowed.Rule.ShouldBe("r");
        unallowed.Culprit!.ObjectName.ShouldBe("x.f()");
        suggestion.Additions.Select(a => a.Addition).ShouldBe([TrustAddition.Role(0, "alice", "mallory")]);
        Flags(suggestion.Policy, Chains.TriggerAttack()).ShouldBeFalse();
    }

    [Fact]
    public void A_warning_counts_as_flagged()
    {
        var basePolicy = Parse(Strict.Replace("action: block", "action: warn", StringComparison.Ordinal));

        var suggestion = Suggest(basePolicy, Chains.TriggerAttack());

        suggestion.Additions.Select(a => a.Addition).ShouldBe([TrustAddition.Role(0, "alice", "mallory")]);
    }

    [Fact]
    public void Additions_go_to_the_first_rule_that_matches_and_other_rules_are_left_as_they_were()
    {
        // Given a rule for role commands first, then one for everything
        var basePolicy = Parse("name: mine\ndescription: A policy.\nrules:\n"
                               + "  - {name: roles, operations: [role], action: block}\n"
                               + "  - {name: rest, operations: [any], trust: {roles: {bob: [team]}}, action: warn}\n");
        var call = Chains.Call(Chains.Alice, Chains.Statement("SELECT bob.f()", Chains.Alice), Chains.Function("bob.f()", Chains.Bob));

        // When the ALTER ROLE is flagged by the first and bob's function by the second
        var suggestion = Suggest(basePolicy, Chains.TriggerAttack(), call);

        // Then
        suggestion.Additions.Select(a => a.Addition).ShouldBe([TrustAddition.Role(0, "alice", "mallory"), TrustAddition.Role(1, "alice", "bob")]);
        suggestion.Policy.Rules[0].Trust.Roles.Keys.ShouldBe(["alice"]);
        suggestion.Policy.Rules[1].Trust.Roles.Keys.ShouldBe(["bob", "alice"]);
        suggestion.Policy.Rules[1].Trust.Roles["bob"].ShouldBe(["team"]);
        suggestion.Policy.Rules[1].Action.ShouldBe(PolicyAction.Warn);
    }

    [Fact]
    public void An_executing_user_the_recording_does_not_name_trusts_through_every_user()
    {
        var call = Chains.Call(Undescribed, Chains.Statement("SELECT mallory.f()", Undescribed), Chains.Function("mallory.f()", Chains.Mallory));
        var basePolicy = Parse(Strict.Replace("    action", "    trust: {self: false}\n    action", StringComparison.Ordinal));

        var suggestion = Suggest(basePolicy, call);

        // The root is owned by the undescribed session user itself: no addition can name it.
        suggestion.Unallowed.ShouldHaveSingleItem().Reason.ShouldBe(UnallowedReason.UndescribedOwner);
        Suggest(Parse(Strict), call).Additions.Select(a => a.Addition).ShouldBe([TrustAddition.Role(0, "*", "mallory")]);
    }

    [Fact]
    public void Operations_judged_alike_are_kept_once_with_their_count_and_first_occurrences()
    {
        var flagged = new FlaggedOperations();
        foreach (var seq in new long[] { 20, 30, 40, 50 })
        {
            flagged.Add(Chains.TriggerAttack() with { Seq = seq });
        }

        flagged.Add(Chains.ViewAttack());

        var distinct = flagged.Distinct();
        distinct.Count.ShouldBe(2);
        distinct[0].Count.ShouldBe(4);
        distinct[0].Examples.Select(e => e.ToString()).ShouldBe(
        [
            $"session {Chains.SessionId}, seq 20 (ALTER ROLE)",
            $"session {Chains.SessionId}, seq 30 (ALTER ROLE)",
            $"session {Chains.SessionId}, seq 40 (ALTER ROLE)",
        ]);
        flagged.Total.ShouldBe(5);
    }

    private static Operation ThreeOwners() => Chains.Operation(
        "ALTER ROLE",
        OperationKind.UtilityCommand,
        Chains.Alice,
        Chains.Statement("SELECT * FROM mallory.v", Chains.Alice),
        Chains.View("mallory.v", Chains.Mallory),
        Chains.Function("bob.f()", Chains.Bob),
        Chains.Function("carol.g()", Carol, seq: 10, oid: 16411),
        Chains.Utility("ALTER ROLE alice NOSUPERUSER", "ALTER ROLE", Carol, seq: 11));

    /// <summary>alice selects a value whose type's output function <paramref name="owner"/> owns.</summary>
    private static Operation TypeOutput(RoleFacts owner) => Chains.Call(
        Chains.Alice,
        Chains.Statement("SELECT v FROM t", Chains.Alice),
        new ChainEntry(ChainEntryKind.Function, "x.t_out(x.t)", owner, 9, 16420, Phase: ChainPhase.Execution,
            Traits: EntryTraits.TypeOutputFunction));

    private static Suggestion Suggest(PolicyDefinition basePolicy, params Operation[] operations)
    {
        var flagged = new FlaggedOperations();
        foreach (var operation in operations.Where(o => Flags(basePolicy, o)))
        {
            flagged.Add(operation);
        }

        return TrustSuggester.Suggest(basePolicy, flagged.Distinct());
    }

    private static bool Flags(PolicyDefinition policy, Operation operation) =>
        PolicyFile.Compile(policy).Evaluate(operation).Decision != Decision.Allowed;

    private static PolicyDefinition Parse(string text) => PolicyFile.Parse(text, "mine.yaml");

    private static PolicyDefinition PolicyCatalogDefinition(string name) =>
        TraceLab.Policies.Catalog.PolicyCatalog.Find(name)!.Definition;
}
