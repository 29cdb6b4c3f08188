using TraceLab.Policies.Catalog;
using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Catalog;

/// <summary>Every built-in policy against every kind of entry the issue names: a hostile chain (the entry, or the code
/// it brings, owned by "mallory", whom "alice" does not trust) and the same chain owned by the executing user.</summary>
/// <remarks>
/// The operation at the end of the chain is what the policy guards: a nested ALTER ROLE for ddl-needs-trusted-chain, a
/// nested INSERT for sandbox-untrusted, the function call itself for the others. "alice" is a superuser, so
/// no-untrusted-code-as-superuser applies. For SECURITY DEFINER the session user is mallory and alice's definer function
/// calls mallory's; for maintenance alice owns the table and its index expression calls mallory's function.
/// </remarks>
public sealed class CatalogEntryKindTests
{
    public static readonly string[] EntryKinds =
    [
        "view", "trigger", "default", "index expression", "RLS policy", "operator", "cast", "planner-time code",
        "prepared statement", "SECURITY DEFINER", "maintenance as owner",
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var policy in PolicyCatalog.Names)
        {
            foreach (var kind in EntryKinds)
            {
                data.Add(policy, kind, "hostile");
                data.Add(policy, kind, "owned by the executor");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocks_the_hostile_chain_and_allows_the_trusted_one(string policy, string kind, string chain)
    {
        var hostile = chain == "hostile";
        var operation = Build(policy, kind, hostile ? Chains.Mallory : Chains.Alice);

        var verdict = PolicyCatalog.Get(policy).Evaluate(operation);

        var expected = hostile && policy != "permissive" ? Decision.Blocked : Decision.Allowed;
        verdict.Decision.ShouldBe(expected, $"{policy}, {kind}, {chain}: {verdict.Message} {verdict.Detail}");
        if (expected == Decision.Blocked)
        {
            verdict.Message.ShouldStartWith("user \"mallory\" may not induce user \"alice\" to execute ");
            operation.Chain[verdict.CulpritIndex.ShouldNotBeNull()].Owner.ShouldBe(Chains.Mallory);
            verdict.Detail.ShouldNotBeNull().ShouldContain("(where \"mallory\" entered the chain)");
            verdict.Hint.ShouldNotBeNull().ShouldStartWith("Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not ");
        }
    }

    /// <summary>The chain for <paramref name="kind"/> with <paramref name="other"/> owning the code alice is brought to
    /// run, ending in the operation <paramref name="policy"/> guards.</summary>
    internal static Operation Build(string policy, string kind, RoleFacts other)
    {
        var alice = Chains.Alice;
        var root = Chains.Statement("SELECT …", alice);
        List<ChainEntry> chain = kind switch
        {
            "view" => [root, Chains.View("mallory.v", other), Chains.Function("mallory.f()", other)],
            "trigger" => [Chains.Statement("INSERT …", alice, "INSERT"), Chains.Trigger("trg on mallory.t", other), Chains.Function("mallory.f()", other)],
            "default" => [Chains.Statement("INSERT …", alice, "INSERT"), Chains.Entry(ChainEntryKind.Default, "default of mallory.t.c", other),
                Chains.Function("mallory.f()", other)],
            "index expression" => [Chains.Statement("INSERT …", alice, "INSERT"),
                Chains.Entry(ChainEntryKind.IndexExpression, "index i on mallory.t", other, ChainPhase.Execution), Chains.Function("mallory.f()", other)],
            "RLS policy" => [root, Chains.Entry(ChainEntryKind.Policy, "policy p on mallory.t", other), Chains.Function("mallory.f()", other)],
            "operator" => [root, Chains.Entry(ChainEntryKind.Operator, "mallory.=(integer, integer)", other, ChainPhase.Execution),
                Chains.Function("mallory.f()", other)],
            "cast" => [root, Chains.Entry(ChainEntryKind.Cast, "(integer AS mallory.c)", other, ChainPhase.Execution), Chains.Function("mallory.f()", other)],
            "planner-time code" => [Chains.Entry(ChainEntryKind.Statement, "SELECT …", alice, ChainPhase.Planning, "SELECT"),
                Chains.Entry(ChainEntryKind.Function, "mallory.f()", other, ChainPhase.Planning)],
            "prepared statement" => [Chains.Statement("EXECUTE p", alice, "EXECUTE"),
                Chains.Entry(ChainEntryKind.PreparedStatement, "p", other, ChainPhase.Prepare), Chains.Function("mallory.f()", other)],
            "SECURITY DEFINER" => [Chains.Statement("SELECT alice.api()", other),
                Chains.Function("alice.api()", alice) with { PrivilegeSwitch = true }, Chains.Function("mallory.f()", other)],
            "maintenance as owner" => [Chains.Statement("VACUUM alice.t", alice, "VACUUM"),
                Chains.Entry(ChainEntryKind.Maintenance, "VACUUM alice.t", alice, ChainPhase.Maintenance, "VACUUM") with { PrivilegeSwitch = true },
                Chains.Entry(ChainEntryKind.IndexExpression, "index i on alice.t", alice, ChainPhase.Maintenance),
                Chains.Entry(ChainEntryKind.Function, "mallory.f()", other, ChainPhase.Maintenance)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown entry kind."),
        };
        var issuer = chain[^1].Owner;
        switch (policy)
        {
            case "ddl-needs-trusted-chain":
                chain.Add(Chains.Utility("ALTER ROLE mallory SUPERUSER", "ALTER ROLE", issuer));
                return Chains.Operation("ALTER ROLE", OperationKind.UtilityCommand, alice, [.. chain]);
            case "sandbox-untrusted":
                chain.Add(Chains.Query("INSERT INTO alice.t VALUES (1)", "INSERT", issuer));
                return Chains.Operation("INSERT", OperationKind.PlannedStatement, alice, [.. chain]);
            default:
                return Chains.Call(alice, [.. chain]);
        }
    }
}
