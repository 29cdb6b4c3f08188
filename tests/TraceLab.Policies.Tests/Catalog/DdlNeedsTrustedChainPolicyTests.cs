using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Catalog;

/// <summary>The built-in <c>ddl-needs-trusted-chain</c>: the behaviour of the former hand-written policy, kept.</summary>
public sealed class DdlNeedsTrustedChainPolicyTests
{
    private static readonly IPolicy Policy = BuiltInPolicies.DdlNeedsTrustedChain;

    [Fact]
    public void Blocks_the_view_attack_naming_the_outer_view_as_culprit()
    {
        var verdict = Policy.Evaluate(Chains.ViewAttack());

        verdict.Decision.ShouldBe(Decision.Blocked);
        verdict.Message.ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        verdict.Detail.ShouldBe(
            "Function mallory.f_evil(integer) owned by \"mallory\" was called from view mallory.v_inner owned by \"mallory\", "
            + "referenced by view mallory.v_bait owned by \"mallory\" (where \"mallory\" entered the chain), "
            + "referenced by the statement entered by session user \"alice\".");
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use view mallory.v_bait as \"alice\".");
        verdict.CulpritIndex.ShouldBe(1);
        verdict.Rule.ShouldBe("untrusted-ddl");
    }

    [Fact]
    public void Blocks_the_trigger_attack_naming_the_trigger_as_culprit()
    {
        var verdict = Policy.Evaluate(Chains.TriggerAttack());

        verdict.Message.ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        verdict.Detail.ShouldBe(
            "Function mallory.trg_fn() owned by \"mallory\" was called from trigger trg_orders on mallory.t_orders owned by \"mallory\" "
            + "(where \"mallory\" entered the chain), fired by the statement entered by session user \"alice\".");
        verdict.Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), "
            + "or do not modify the table of trigger trg_orders on mallory.t_orders as \"alice\".");
        verdict.CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void Allows_ddl_when_the_executor_owns_every_entry()
    {
        Policy.Evaluate(Chains.BenignBob()).ShouldBe(Verdict.Allow());
    }

    [Fact]
    public void Allows_commands_outside_the_guarded_categories_whatever_the_chain()
    {
        var select = Chains.Operation(
            "SELECT", OperationKind.PlannedStatement, Chains.Alice,
            Chains.Statement("SELECT * FROM mallory.v_bait", Chains.Alice),
            Chains.View("mallory.v_bait", Chains.Mallory),
            Chains.Function("mallory.f_evil(integer)", Chains.Mallory),
            Chains.Query("SELECT 1", "SELECT", Chains.Mallory));

        Policy.Evaluate(select).IsBlocked.ShouldBeFalse();
    }

    [Fact]
    public void Does_not_judge_the_function_call_itself()
    {
        var call = Chains.Operation(
            Operation.FunctionCallCommand, OperationKind.FunctionCall, Chains.Alice,
            Chains.Statement("SELECT mallory.f_evil(1)", Chains.Alice),
            Chains.Function("mallory.f_evil(integer)", Chains.Mallory));

        Policy.Evaluate(call).IsBlocked.ShouldBeFalse();
    }

    [Theory]
    [InlineData("GRANT")]
    [InlineData("REVOKE ROLE")]
    [InlineData("ALTER DEFAULT PRIVILEGES")]
    [InlineData("CREATE ROLE")]
    [InlineData("DROP TABLE")]
    [InlineData("ALTER SYSTEM")]
    public void Guards_ddl_role_and_grant_commands(string command)
    {
        var operation = Chains.Operation(
            command, OperationKind.UtilityCommand, Chains.Alice,
            Chains.Statement("SELECT mallory.f()", Chains.Alice),
            Chains.Function("mallory.f()", Chains.Mallory),
            Chains.Utility("…", command, Chains.Mallory));

        var verdict = Policy.Evaluate(operation);

        verdict.IsBlocked.ShouldBeTrue();
        verdict.Message.ShouldBe($"user \"mallory\" may not induce user \"alice\" to execute \"{command}\"");
    }

    [Fact]
    public void Trusts_an_owner_that_was_superuser_at_the_time()
    {
        var verdict = Policy.Evaluate(Chains.ViewAttack(Chains.Mallory with { Superuser = true }));

        verdict.IsBlocked.ShouldBeFalse();
    }

    [Fact]
    public void Does_not_trust_superusers_when_a_variant_says_so()
    {
        var strict = PolicyFile.Compile("""
            name: ddl-strict
            description: ddl-needs-trusted-chain without trusting superusers.
            rules:
              - name: untrusted-ddl
                operations: [ddl, role, grant]
                trust: {superusers: false}
                action: block
            """, "ddl-strict.yaml");
        var operation = Chains.Operation(
            "CREATE TABLE", OperationKind.UtilityCommand, Chains.Bob,
            Chains.Statement("SELECT admin.setup()", Chains.Bob),
            Chains.Function("admin.setup()", Chains.Alice),
            Chains.Utility("CREATE TABLE bob.t()", "CREATE TABLE", Chains.Alice));

        strict.Name.ShouldBe("ddl-strict");
        Policy.Evaluate(operation).IsBlocked.ShouldBeFalse();
        var verdict = strict.Evaluate(operation);
        verdict.IsBlocked.ShouldBeTrue();
        verdict.Message.ShouldBe("user \"alice\" may not induce user \"bob\" to execute \"CREATE TABLE\"");
        verdict.CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void Guards_the_operations_a_variant_names()
    {
        var writes = PolicyFile.Compile("""
            name: writes-need-trusted-chain
            description: Writes need a trusted chain.
            rules:
              - name: untrusted-writes
                operations: [dml-write]
                action: block
            """, "writes.yaml");
        var insert = Chains.Operation(
            "INSERT", OperationKind.PlannedStatement, Chains.Alice,
            Chains.Statement("SELECT mallory.f()", Chains.Alice),
            Chains.Function("mallory.f()", Chains.Mallory),
            Chains.Query("INSERT INTO public.audit VALUES (1)", "INSERT", Chains.Mallory));

        writes.Evaluate(insert).IsBlocked.ShouldBeTrue();
        writes.Evaluate(Chains.ViewAttack()).IsBlocked.ShouldBeFalse();
    }

    [Fact]
    public void The_culprit_is_the_first_untrusted_entry_from_the_root()
    {
        var operation = Chains.Operation(
            "DROP TABLE", OperationKind.UtilityCommand, Chains.Bob,
            Chains.Statement("SELECT * FROM bob.v", Chains.Bob),
            Chains.View("bob.v", Chains.Bob),
            Chains.View("mallory.v2", Chains.Mallory, 16401),
            Chains.Function("bob.f()", Chains.Bob),
            Chains.Utility("DROP TABLE bob.t", "DROP TABLE", Chains.Bob));

        var verdict = Policy.Evaluate(operation);

        verdict.CulpritIndex.ShouldBe(2);
        verdict.Message.ShouldBe("user \"mallory\" may not induce user \"bob\" to execute \"DROP TABLE\"");
        verdict.Hint.ShouldBe("Trust \"mallory\" in the policy (trust: roles: {bob: [mallory]}), or do not use view mallory.v2 as \"bob\".");
    }

    [Fact]
    public void An_untrusted_candidate_is_enough_to_block()
    {
        var operation = Chains.Operation(
            "ALTER ROLE", OperationKind.UtilityCommand, Chains.Bob,
            Chains.Statement("SELECT * FROM bob.v_top", Chains.Bob),
            Chains.View("bob.v_top", Chains.Bob),
            Chains.View("bob.v_a", Chains.Bob, 16401, candidate: true),
            Chains.View("mallory.v_b", Chains.Mallory, 16402, candidate: true),
            Chains.Function("bob.f()", Chains.Bob),
            Chains.Utility("ALTER ROLE bob PASSWORD NULL", "ALTER ROLE", Chains.Bob));

        var verdict = Policy.Evaluate(operation);

        verdict.CulpritIndex.ShouldBe(3);
        verdict.Detail.ShouldBe(
            "Function bob.f() owned by \"bob\" was called from view mallory.v_b owned by \"mallory\" (candidate; where \"mallory\" entered the chain) "
            + "or view bob.v_a owned by \"bob\" (candidate), referenced by view bob.v_top owned by \"bob\", "
            + "referenced by the statement entered by session user \"bob\". "
            + "Entries marked (candidate) are alternative sources of the same call; each of them must be trusted.");
    }

    [Fact]
    public void An_undescribed_owner_is_not_trusted_and_named_by_oid()
    {
        var executor = RoleFacts.Unknown(10);
        var stranger = RoleFacts.Unknown(16384);
        var operation = Chains.Operation(
            "ALTER ROLE", OperationKind.UtilityCommand, executor,
            Chains.Statement("SELECT * FROM relation 16400", executor),
            Chains.Function("function 16410", stranger),
            Chains.Utility("ALTER ROLE mallory SUPERUSER", "ALTER ROLE", stranger));

        var verdict = Policy.Evaluate(operation);

        verdict.Message.ShouldBe("role 16384 may not induce role 10 to execute \"ALTER ROLE\"");
        verdict.Detail.ShouldBe(
            "Function function 16410 owned by role 16384 (where role 16384 entered the chain) was called from "
            + "the statement entered by session user role 10.");
        verdict.Hint.ShouldBe(
            "Do not call function function 16410 as role 10; its owner, role 16384, is not described in the recording, "
            + "so no trust setting can name it.");
        verdict.CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void A_gap_in_the_recording_blocks_and_says_so()
    {
        var operation = Chains.Operation(
            "ALTER ROLE", OperationKind.UtilityCommand, Chains.Alice,
            new ChainEntry(ChainEntryKind.Statement, "unrecorded frame 99", RoleFacts.Unknown(0), 99, Synthetic: true),
            Chains.Function("alice.f()", Chains.Alice),
            Chains.Utility("ALTER ROLE bob NOLOGIN", "ALTER ROLE", Chains.Alice));

        var verdict = Policy.Evaluate(operation);

        verdict.Message.ShouldBe("an unknown role may not induce user \"alice\" to execute \"ALTER ROLE\"");
        verdict.Detail.ShouldBe(
            "Function alice.f() owned by \"alice\" was called from unrecorded frame 99 owned by an unknown role "
            + "(where an unknown role entered the chain).");
        verdict.Hint.ShouldBe(
            "The recording lacks frame 99, so the chain cannot be verified; record the session again without dropped frames.");
    }

    [Fact]
    public void A_session_user_the_executor_does_not_trust_is_the_culprit()
    {
        var operation = Chains.Operation(
            "CREATE TABLE", OperationKind.UtilityCommand, Chains.Bob,
            Chains.Statement("SELECT bob.definer()", Chains.Mallory),
            Chains.Function("bob.definer()", Chains.Bob),
            Chains.Utility("CREATE TABLE bob.t()", "CREATE TABLE", Chains.Bob));

        var verdict = Policy.Evaluate(operation);

        verdict.CulpritIndex.ShouldBe(0);
        verdict.Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {bob: [mallory]}), or do not let \"mallory\" run statements with the privileges of \"bob\".");
    }

    [Fact]
    public void A_variant_needs_a_name()
    {
        Should.Throw<PolicyFileException>(() => PolicyFile.Compile("""
            description: no name
            rules:
              - {name: r, operations: [ddl], action: block}
            """, "nameless.yaml"));
    }

    [Fact]
    public void Evaluation_is_deterministic()
    {
        var operation = Chains.ViewAttack();

        Policy.Evaluate(operation).ShouldBe(Policy.Evaluate(operation));
    }
}
