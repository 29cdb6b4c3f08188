using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Catalog;

public sealed class PermissivePolicyTests
{
    [Fact]
    public void Allows_even_the_view_attack()
    {
        BuiltInPolicies.Permissive.Evaluate(Chains.ViewAttack()).ShouldBe(Verdict.Allow());
    }

    [Fact]
    public void Allows_the_trigger_attack_and_benign_ddl()
    {
        BuiltInPolicies.Permissive.Evaluate(Chains.TriggerAttack()).IsBlocked.ShouldBeFalse();
        BuiltInPolicies.Permissive.Evaluate(Chains.BenignBob()).IsBlocked.ShouldBeFalse();
    }
}
