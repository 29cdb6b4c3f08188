namespace TraceLab.Policies.Tests;

public sealed class BuiltInPoliciesTests
{
    [Fact]
    public void Lists_the_built_in_policies_in_a_stable_order()
    {
        BuiltInPolicies.Names.ShouldBe(
        [
            "permissive", "ddl-needs-trusted-chain", "no-untrusted-code-as-superuser", "strict-trusted-chain",
            "strict-trusted-chain-membership", "strict-trusted-chain-infrastructure", "strict-trusted-chain-since-definer",
            "sandbox-untrusted",
        ]);
        BuiltInPolicies.All.Select(p => p.Name).ShouldBe(BuiltInPolicies.Names);
    }

    [Theory]
    [InlineData("permissive")]
    [InlineData("ddl-needs-trusted-chain")]
    [InlineData("DDL-Needs-Trusted-Chain")]
    [InlineData(" permissive ")]
    public void Finds_a_policy_by_name(string name)
    {
        var policy = BuiltInPolicies.Find(name);

        policy.ShouldNotBeNull();
        policy.Name.ShouldBe(name.Trim().ToLowerInvariant());
        policy.Description.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Find_returns_null_for_an_unknown_name()
    {
        BuiltInPolicies.Find("no-such-policy").ShouldBeNull();
    }

    [Fact]
    public void Get_reports_an_unknown_name_in_postgresql_style()
    {
        var error = Should.Throw<PolicyNotFoundException>(() => BuiltInPolicies.Get("no-such-policy"));

        error.Message.ShouldBe("unrecognized policy \"no-such-policy\"");
        error.Detail.ShouldBeNull();
        error.Hint.ShouldBe(
            "Available policies are \"permissive\", \"ddl-needs-trusted-chain\", \"no-untrusted-code-as-superuser\", "
            + "\"strict-trusted-chain\", \"strict-trusted-chain-membership\", \"strict-trusted-chain-infrastructure\", "
            + "\"strict-trusted-chain-since-definer\", \"sandbox-untrusted\".");
    }

    [Fact]
    public void Built_in_policies_are_shared_instances()
    {
        BuiltInPolicies.Get("permissive").ShouldBeSameAs(BuiltInPolicies.Permissive);
        BuiltInPolicies.Get("ddl-needs-trusted-chain").ShouldBeSameAs(BuiltInPolicies.DdlNeedsTrustedChain);
    }
}
