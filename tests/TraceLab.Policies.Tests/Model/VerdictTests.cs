using TraceLab.Policies.Model;

namespace TraceLab.Policies.Tests.Model;

public sealed class VerdictTests
{
    [Fact]
    public void Allow_carries_no_message()
    {
        var verdict = Verdict.Allow();

        verdict.Decision.ShouldBe(Decision.Allowed);
        verdict.IsBlocked.ShouldBeFalse();
        verdict.Message.ShouldBeNull();
        verdict.Detail.ShouldBeNull();
        verdict.Hint.ShouldBeNull();
        verdict.CulpritIndex.ShouldBeNull();
    }

    [Fact]
    public void Block_keeps_message_detail_hint_and_culprit_apart()
    {
        var verdict = Verdict.Block("m", "Detail.", "Hint.", 2);

        verdict.Decision.ShouldBe(Decision.Blocked);
        verdict.IsBlocked.ShouldBeTrue();
        (verdict.Message, verdict.Detail, verdict.Hint, verdict.CulpritIndex).ShouldBe(("m", "Detail.", "Hint.", (int?)2));
    }

    [Fact]
    public void Block_requires_a_message()
    {
        Should.Throw<ArgumentException>(() => Verdict.Block(" "));
    }

    [Fact]
    public void Block_rejects_a_negative_culprit()
    {
        Should.Throw<ArgumentException>(() => Verdict.Block("m", culpritIndex: -1));
    }

    [Fact]
    public void A_restored_verdict_keeps_its_rule_and_equals_only_a_verdict_of_the_same_rule()
    {
        var blocked = Verdict.Block("m", "Detail.", "Hint.", 2, "untrusted-ddl");
        var warned = Verdict.Warn("m", rule: "untrusted-ddl");

        blocked.Rule.ShouldBe("untrusted-ddl");
        warned.Rule.ShouldBe("untrusted-ddl");
        warned.Decision.ShouldBe(Decision.Warned);
        blocked.ShouldBe(Verdict.Block("m", "Detail.", "Hint.", 2, "untrusted-ddl"));
        blocked.ShouldNotBe(Verdict.Block("m", "Detail.", "Hint.", 2));
    }
}
