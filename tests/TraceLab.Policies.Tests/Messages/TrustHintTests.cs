using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Messages;

/// <summary>The HINT names every owner the rule would have to trust, so one change to the policy lets the operation
/// pass.</summary>
public sealed class TrustHintTests
{
    private const string Strict = "name: mine\ndescription: A policy.\nrules:\n  - name: r\n    operations: [role]\n    action: block\n";

    private static readonly RoleFacts Carol = new(16390, "carol", Superuser: false, true, true, false);

    private static Operation ThreeOwners() => Chains.Operation(
        "ALTER ROLE",
        OperationKind.UtilityCommand,
        Chains.Alice,
        Chains.Statement("SELECT * FROM mallory.v", Chains.Alice),
        Chains.View("mallory.v", Chains.Mallory),
        Chains.Function("bob.f()", Chains.Bob),
        Chains.Function("carol.g()", Carol, seq: 10, oid: 16411),
        Chains.Utility("ALTER ROLE alice NOSUPERUSER", "ALTER ROLE", Carol, seq: 11));

    [Fact]
    public void Every_untrusted_owner_is_named_in_chain_order()
    {
        var verdict = PolicyFile.Compile(Strict, "mine.yaml").Evaluate(ThreeOwners());

        verdict.Hint.ShouldBe(
            "Trust \"mallory\", \"bob\" and \"carol\" in the policy (trust: roles: {alice: [mallory, bob, carol]}), "
            + "or do not use view mallory.v as \"alice\".");
    }

    [Fact]
    public void Trusting_what_the_hint_names_lets_the_operation_pass()
    {
        var fixedPolicy = Strict.Replace("    action: block\n", "    trust: {roles: {alice: [mallory, bob, carol]}}\n    action: block\n", StringComparison.Ordinal);

        PolicyFile.Compile(Strict, "mine.yaml").Evaluate(ThreeOwners()).IsBlocked.ShouldBeTrue();
        PolicyFile.Compile(fixedPolicy, "mine.yaml").Evaluate(ThreeOwners()).IsBlocked.ShouldBeFalse();
    }

    [Fact]
    public void Owners_the_rule_trusts_already_are_not_named()
    {
        var trustsBob = Strict.Replace("    action: block\n", "    trust: {roles: {alice: [bob]}}\n    action: block\n", StringComparison.Ordinal);

        var verdict = PolicyFile.Compile(trustsBob, "mine.yaml").Evaluate(ThreeOwners());

        verdict.Hint.ShouldBe(
            "Trust \"mallory\" and \"carol\" in the policy (trust: roles: {alice: [mallory, carol]}), "
            + "or do not use view mallory.v as \"alice\".");
    }

    [Fact]
    public void An_owner_the_recording_does_not_describe_is_said_to_be_unnameable()
    {
        var unknown = new RoleFacts(16399, null, Superuser: false, true, true, false);
        var operation = Chains.Operation(
            "ALTER ROLE",
            OperationKind.UtilityCommand,
            Chains.Alice,
            Chains.Statement("SELECT * FROM mallory.v", Chains.Alice),
            Chains.View("mallory.v", Chains.Mallory),
            Chains.Utility("ALTER ROLE alice NOSUPERUSER", "ALTER ROLE", unknown, seq: 11));

        var verdict = PolicyFile.Compile(Strict, "mine.yaml").Evaluate(operation);

        verdict.Hint.ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use view mallory.v as \"alice\". "
            + "The chain has another owner the recording does not describe, which no trust setting can name.");
    }
}
