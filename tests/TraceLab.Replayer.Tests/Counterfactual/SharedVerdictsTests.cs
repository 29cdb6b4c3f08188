using TraceLab.Policies.Model;
using TraceLab.Replayer.Counterfactual;

namespace TraceLab.Replayer.Tests.Counterfactual;

/// <summary>Operations every policy allowed with the same outcomes share one verdict array; any other combination, or a
/// verdict with text, gets arrays of its own, and the scratch array is never handed out.</summary>
public sealed class SharedVerdictsTests
{
    private static PolicyVerdict Allowed(string policy, Outcome outcome) => new(policy, Verdict.Allow(), outcome);

    private static PolicyVerdict[] Fill(PolicyVerdict[] scratch, params PolicyVerdict[] verdicts)
    {
        verdicts.CopyTo(scratch, 0);
        return scratch;
    }

    private static ulong Key(params Outcome[] outcomes)
    {
        var key = 0UL;
        for (var i = 0; i < outcomes.Length; i++)
        {
            key = SharedVerdicts.With(key, i, outcomes[i]);
        }

        return key;
    }

    [Fact]
    public void The_same_outcomes_give_the_same_array_with_the_verdicts_in_order()
    {
        var shared = new SharedVerdicts();
        var scratch = new PolicyVerdict[2];
        var a = Allowed("a", Outcome.Allowed);
        var b = Allowed("b", Outcome.Aborted);

        var first = shared.Of(Key(Outcome.Allowed, Outcome.Aborted), Fill(scratch, a, b));
        var second = shared.Of(Key(Outcome.Allowed, Outcome.Aborted), Fill(scratch, a, b));

        second.ShouldBeSameAs(first);
        first.ShouldNotBeSameAs(scratch);
        first.ShouldBe([a, b]);
    }

    [Fact]
    public void Other_outcomes_give_another_array()
    {
        var shared = new SharedVerdicts();
        var scratch = new PolicyVerdict[2];

        var allowed = shared.Of(Key(Outcome.Allowed, Outcome.Allowed), Fill(scratch, Allowed("a", Outcome.Allowed), Allowed("b", Outcome.Allowed)));
        var aborted = shared.Of(Key(Outcome.Allowed, Outcome.Aborted), Fill(scratch, Allowed("a", Outcome.Allowed), Allowed("b", Outcome.Aborted)));

        aborted.ShouldNotBeSameAs(allowed);
        allowed[1].Outcome.ShouldBe(Outcome.Allowed);
        aborted[1].Outcome.ShouldBe(Outcome.Aborted);
    }

    [Fact]
    public void Verdicts_that_are_not_shared_are_copied_every_time()
    {
        var shared = new SharedVerdicts();
        var scratch = new PolicyVerdict[1];
        var key = SharedVerdicts.NotShared;

        var first = shared.Of(key, Fill(scratch, Allowed("a", Outcome.Blocked)));
        var second = shared.Of(key, Fill(scratch, Allowed("a", Outcome.Blocked)));

        second.ShouldNotBeSameAs(first);
        SharedVerdicts.With(SharedVerdicts.NotShared, 0, Outcome.Allowed).ShouldBe(SharedVerdicts.NotShared);
    }
}
