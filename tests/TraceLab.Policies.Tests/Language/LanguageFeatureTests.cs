using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Language;

/// <summary>What each part of a rule does: actions, defaults, guards with wildcards, scopes, conditions, trust lists.</summary>
public sealed class LanguageFeatureTests
{
    private static IPolicy Compile(string rules, string extra = "") =>
        PolicyFile.Compile($"name: test\ndescription: A test policy.\n{extra}rules:\n{rules}", "test.yaml");

    /// <summary>alice: SELECT * FROM mallory.v -> mallory.f_evil(integer) -> ALTER ROLE (the view attack).</summary>
    private static Operation ViewAttack() => Chains.ViewAttack();

    private static Operation CallOf(string function, RoleFacts owner, RoleFacts executor) => Chains.Call(
        executor, Chains.Statement($"SELECT {function}", executor), Chains.Function(function, owner));

    [Fact]
    public void Warn_lets_the_operation_run_and_says_who_induced_it()
    {
        var policy = Compile("  - {name: ddl, operations: [role], action: warn}\n");

        var verdict = policy.Evaluate(ViewAttack());

        verdict.Decision.ShouldBe(Decision.Warned);
        verdict.IsWarned.ShouldBeTrue();
        verdict.IsBlocked.ShouldBeFalse();
        // The operation ran: the warning states what happened, where a block says what may not happen.
        verdict.Message.ShouldBe("user \"mallory\" induces user \"alice\" to execute \"ALTER ROLE\"");
        verdict.Detail.ShouldBe(BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(ViewAttack()).Detail);
        verdict.Rule.ShouldBe("ddl");
    }

    [Fact]
    public void Default_block_decides_what_no_rule_matches()
    {
        var policy = Compile("  - {name: ddl, operations: [ddl], action: warn}\n", "default: block\n");
        var select = Chains.Operation("SELECT", OperationKind.PlannedStatement, Chains.Alice, Chains.Statement("SELECT 1", Chains.Alice));

        var verdict = policy.Evaluate(select);

        verdict.Decision.ShouldBe(Decision.Blocked);
        verdict.Rule.ShouldBeNull();
        verdict.CulpritIndex.ShouldBeNull();
        verdict.Message.ShouldBe("policy \"test\" does not allow user \"alice\" to execute \"SELECT\"");
        verdict.Detail.ShouldBe("No rule of the policy matches the operation, and its default is block.");
        verdict.Hint.ShouldBe("Add a rule that decides such operations, or change the policy's default.");
    }

    [Fact]
    public void Default_warn_warns_about_what_no_rule_matches()
    {
        var policy = Compile("  - {name: ddl, operations: [ddl], action: block}\n", "default: warn\n");
        var call = CallOf("alice.f()", Chains.Alice, Chains.Alice);

        var verdict = policy.Evaluate(call);

        verdict.Decision.ShouldBe(Decision.Warned);
        verdict.Message.ShouldBe("policy \"test\" warns about user \"alice\" executing function alice.f()");
    }

    [Fact]
    public void A_trusted_chain_under_a_matching_rule_is_allowed_and_later_rules_are_not_consulted()
    {
        var policy = Compile("""
              - {name: first, operations: [function-execution], action: warn}
              - {name: second, operations: [any], trust: {self: false, superusers: false}, action: block}
            """);

        policy.Evaluate(CallOf("alice.f()", Chains.Alice, Chains.Alice)).ShouldBe(Verdict.Allow());
        policy.Evaluate(CallOf("mallory.f()", Chains.Mallory, Chains.Alice)).Rule.ShouldBe("first");
    }

    [Theory]
    [InlineData("[\"ALTER ROLE\"]", true)]
    [InlineData("[\"alter role\"]", true)]
    [InlineData("[\"ALTER *\"]", true)]
    [InlineData("[\"*ROLE\"]", true)]
    [InlineData("[\"*\"]", true)]
    [InlineData("[\"CREATE *\", \"DROP *\"]", false)]
    [InlineData("[\"ALTER\"]", false)]
    public void Commands_limit_a_rule_with_wildcards(string commands, bool blocked)
    {
        var policy = Compile($"  - {{name: r, operations: [any], commands: {commands}, action: block}}\n");

        policy.Evaluate(ViewAttack()).IsBlocked.ShouldBe(blocked);
    }

    [Theory]
    [InlineData("[\"mallory.*\"]", true)]
    [InlineData("[\"mallory.f_evil\"]", true)]
    [InlineData("[\"*.f_*\"]", true)]
    [InlineData("[\"Mallory.*\"]", false)]
    [InlineData("[\"bob.*\"]", false)]
    public void Objects_limit_a_rule_to_named_functions(string objects, bool blocked)
    {
        var policy = Compile($"  - {{name: r, operations: [function-execution], objects: {objects}, action: block}}\n");

        policy.Evaluate(CallOf("mallory.f_evil(integer)", Chains.Mallory, Chains.Bob)).IsBlocked.ShouldBe(blocked);
    }

    [Fact]
    public void Objects_match_the_objects_the_replayer_recorded()
    {
        var policy = Compile("  - {name: r, operations: [dml-write], objects: [\"bob.audit\"], action: block}\n");
        var insert = Chains.Operation(
            "INSERT", OperationKind.PlannedStatement, Chains.Alice,
            Chains.Statement("SELECT mallory.f()", Chains.Alice), Chains.Function("mallory.f()", Chains.Mallory),
            Chains.Query("INSERT INTO bob.audit VALUES (1)", "INSERT", Chains.Mallory));

        policy.Evaluate(insert).IsBlocked.ShouldBeFalse("the operation names no object");
        policy.Evaluate(insert with { Objects = ["bob.audit"] }).IsBlocked.ShouldBeTrue();
    }

    /// <summary>bob calls alice's SECURITY DEFINER api(), which runs mallory's helper: chain bob -> api (switch) -> helper.</summary>
    private static Operation DefinerChain(RoleFacts caller, RoleFacts helperOwner) => Chains.Call(
        Chains.Alice,
        Chains.Statement("SELECT alice.api()", caller),
        Chains.Function("alice.api()", Chains.Alice) with { PrivilegeSwitch = true },
        Chains.Function("x.helper()", helperOwner));

    [Theory]
    [InlineData("whole-chain", "mallory", "alice", true, 0)]
    [InlineData("whole-chain", "alice", "mallory", true, 2)]
    [InlineData("since-last-switch", "mallory", "alice", false, -1)]
    [InlineData("since-last-switch", "alice", "mallory", true, 2)]
    [InlineData("immediate-caller", "mallory", "alice", false, -1)]
    [InlineData("immediate-caller", "alice", "mallory", true, 2)]
    public void Each_scope_counts_its_part_of_the_chain(string scope, string caller, string helper, bool blocked, int culprit)
    {
        var policy = Compile($"  - {{name: r, operations: [any], trust: {{superusers: false}}, scope: {scope}, action: block}}\n");
        RoleFacts Role(string name) => name == "alice" ? Chains.Alice : Chains.Mallory;

        var verdict = policy.Evaluate(DefinerChain(Role(caller), Role(helper)));

        verdict.IsBlocked.ShouldBe(blocked);
        (verdict.CulpritIndex ?? -1).ShouldBe(culprit);
    }

    [Fact]
    public void Since_last_switch_is_the_whole_chain_without_a_switch()
    {
        var policy = Compile("  - {name: r, operations: [any], scope: since-last-switch, action: block}\n");

        policy.Evaluate(ViewAttack()).CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void Since_last_switch_starts_at_maintenance_and_foreign_key_entries()
    {
        var policy = Compile("  - {name: r, operations: [any], scope: since-last-switch, trust: {superusers: false}, action: block}\n");
        var foreignKey = Chains.Operation(
            "SELECT", OperationKind.PlannedStatement, Chains.Bob,
            Chains.Statement("DELETE FROM mallory.parent", Chains.Mallory, "DELETE"),
            Chains.Entry(ChainEntryKind.ForeignKey, "foreign key action", Chains.Bob, ChainPhase.Execution) with { PrivilegeSwitch = true },
            Chains.Query("DELETE FROM bob.child", "DELETE", Chains.Bob));

        policy.Evaluate(foreignKey).ShouldBe(Verdict.Allow());
        policy.Evaluate(foreignKey with { Chain = [.. foreignKey.Chain.Select(e => e with { PrivilegeSwitch = false })] })
            .CulpritIndex.ShouldBe(0);
    }

    [Theory]
    [InlineData("[view]", true)]
    [InlineData("[trigger, rule]", false)]
    [InlineData("[planner]", false)]
    [InlineData("[function]", true)]
    public void Entry_kinds_limit_a_rule_to_chains_that_have_them(string kinds, bool blocked)
    {
        var policy = Compile($"  - {{name: r, operations: [any], when: {{entry-kinds: {kinds}}}, action: block}}\n");

        policy.Evaluate(ViewAttack()).IsBlocked.ShouldBe(blocked);
    }

    [Fact]
    public void Planner_matches_any_entry_produced_while_planning()
    {
        var policy = Compile("  - {name: r, operations: [any], when: {entry-kinds: [planner]}, action: block}\n");
        var planning = Chains.Call(
            Chains.Alice,
            Chains.Entry(ChainEntryKind.Statement, "SELECT …", Chains.Alice, ChainPhase.Planning, "SELECT"),
            Chains.Entry(ChainEntryKind.Function, "mallory.f()", Chains.Mallory, ChainPhase.Planning));

        var verdict = policy.Evaluate(planning);

        verdict.IsBlocked.ShouldBeTrue();
        verdict.Detail.ShouldBe(
            "Function mallory.f() owned by \"mallory\" (where \"mallory\" entered the chain) was called while planning "
            + "the statement entered by session user \"alice\".");
    }

    [Theory]
    [InlineData("[rewrite]", true)]
    [InlineData("[planning, commit]", false)]
    public void Phases_limit_a_rule_to_chains_produced_in_them(string phases, bool blocked)
    {
        var policy = Compile($"  - {{name: r, operations: [any], when: {{phases: {phases}}}, action: block}}\n");
        var chain = ViewAttack();
        var withPhases = chain with { Chain = [chain.Chain[0], chain.Chain[1] with { Phase = ChainPhase.Rewrite }, .. chain.Chain.Skip(2)] };

        policy.Evaluate(withPhases).IsBlocked.ShouldBe(blocked);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Executor_is_superuser_limits_a_rule_to_superuser_or_ordinary_executors(bool condition, bool blocked)
    {
        var policy = Compile($"  - {{name: r, operations: [any], when: {{executor-is-superuser: {(condition ? "true" : "false")}}}, action: block}}\n");

        policy.Evaluate(ViewAttack()).IsBlocked.ShouldBe(blocked);
    }

    [Fact]
    public void An_explicit_list_trusts_the_named_roles_for_the_named_executor()
    {
        var policy = Compile("  - {name: r, operations: [any], trust: {roles: {alice: [mallory]}}, action: block}\n");

        policy.Evaluate(ViewAttack()).ShouldBe(Verdict.Allow());
        policy.Evaluate(CallOf("mallory.f()", Chains.Mallory, Chains.Bob)).IsBlocked.ShouldBeTrue();
    }

    [Fact]
    public void A_star_list_trusts_the_named_roles_for_every_executor()
    {
        var policy = Compile("  - {name: r, operations: [any], trust: {roles: {\"*\": [mallory]}}, action: block}\n");

        policy.Evaluate(ViewAttack()).ShouldBe(Verdict.Allow());
        policy.Evaluate(CallOf("mallory.f()", Chains.Mallory, Chains.Bob)).ShouldBe(Verdict.Allow());
        policy.Evaluate(CallOf("bob.f()", Chains.Bob, Chains.Mallory)).IsBlocked.ShouldBeTrue();
    }

    [Fact]
    public void Self_false_distrusts_even_the_executors_own_code()
    {
        var policy = Compile("  - {name: r, operations: [any], trust: {self: false, superusers: false}, action: block}\n");

        policy.Evaluate(CallOf("bob.f()", Chains.Bob, Chains.Bob)).CulpritIndex.ShouldBe(0);
    }

    [Fact]
    public void Direct_membership_trusts_granted_roles_only()
    {
        var direct = Compile("  - {name: r, operations: [any], trust: {membership: direct}, action: block}\n");
        var call = CallOf("team.f()", Chains.Team, Chains.BobInTeam);

        direct.Evaluate(call).ShouldBe(Verdict.Allow());
        direct.Evaluate(CallOf("mallory.f()", Chains.Mallory, Chains.BobInTeam)).IsBlocked.ShouldBeTrue();
    }

    [Theory]
    [InlineData("superuser-owned", true, false, true)]
    [InlineData("extension-members", true, true, true)]
    [InlineData("extension-members", false, true, false)]
    [InlineData("extension-members", true, false, false)]
    public void Infrastructure_trusts_superuser_owned_objects_and_what_an_extension_script_created(
        string kind, bool superuserOwner, bool extension, bool trusted)
    {
        // superusers: false, so a superuser owner alone does not make an extension member trusted
        var policy = Compile($"  - {{name: r, operations: [any], trust: {{superusers: false, infrastructure: [{kind}]}}, action: block}}\n");
        var owner = superuserOwner ? Chains.Alice : Chains.Mallory;
        var call = Chains.Call(
            Chains.Bob,
            Chains.Statement("SELECT x.f()", Chains.Bob),
            Chains.Function("x.f()", owner) with { Traits = extension ? EntryTraits.ExtensionMember : EntryTraits.None });

        policy.Evaluate(call).IsBlocked.ShouldBe(!trusted);
    }

    [Fact]
    public void Superuser_owned_does_not_trust_a_statement_a_superuser_entered()
    {
        var policy = Compile("  - {name: r, operations: [any], trust: {superusers: false, infrastructure: [superuser-owned]}, action: block}\n");
        var call = Chains.Call(Chains.Bob, Chains.Statement("SELECT bob.f()", Chains.Alice), Chains.Function("bob.f()", Chains.Bob));

        policy.Evaluate(call).CulpritIndex.ShouldBe(0);
    }

    [Fact]
    public void A_rule_message_replaces_the_primary_message()
    {
        var policy = Compile("  - {name: r, operations: [any], action: block, message: \"{culprit} tricked {executor} into {command}\"}\n");

        policy.Evaluate(ViewAttack()).Message.ShouldBe("mallory tricked alice into \"ALTER ROLE\"");
    }

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void Copy_is_a_write_from_and_a_read_to_and_program_is_its_own_kind(bool from, bool program, bool write)
    {
        var writes = Compile("  - {name: r, operations: [dml-write], action: block}\n");
        var programs = Compile("  - {name: r, operations: [copy-program], action: block}\n");
        var reads = Compile("  - {name: r, operations: [dml-read], action: block}\n");
        var copy = Chains.Operation(
            "COPY", OperationKind.UtilityCommand, Chains.Alice,
            Chains.Statement("SELECT mallory.f()", Chains.Alice), Chains.Function("mallory.f()", Chains.Mallory),
            Chains.Utility("COPY …", "COPY", Chains.Mallory)) with
        { Copy = new TraceLab.Events.CopyDetails(from, program, "") };

        writes.Evaluate(copy).IsBlocked.ShouldBe(from);
        reads.Evaluate(copy).IsBlocked.ShouldBe(!from);
        programs.Evaluate(copy).IsBlocked.ShouldBe(program);
        _ = write;
    }

    [Fact]
    public void A_copy_of_unknown_direction_counts_as_read_and_write()
    {
        var copy = Chains.Operation("COPY", OperationKind.UtilityCommand, Chains.Alice, Chains.Statement("COPY t TO STDOUT", Chains.Alice, "COPY"));

        copy.Guarded.ShouldBe(GuardedOperations.DmlRead | GuardedOperations.DmlWrite);
        (copy with { Command = "TRUNCATE TABLE" }).Guarded.ShouldBe(GuardedOperations.DmlWrite);
    }
}
