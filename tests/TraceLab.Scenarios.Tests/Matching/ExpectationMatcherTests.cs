using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;
using TraceLab.Scenarios.Results;

namespace TraceLab.Scenarios.Tests.Matching;

public sealed class ExpectationMatcherTests
{
    private static readonly OperationKey AlterRole = new("ALTER ROLE", new CulpritKey("trigger", "tr on mallory.t", "mallory"));
    private static readonly OperationKey CallEvil = new("EXECUTE FUNCTION", new CulpritKey("function", "mallory.f_evil()", "mallory"));
    private static readonly OperationKey Drop = new("DROP TABLE", null);

    private static PolicyExpectation Expect(OperationKey[] blocked, OperationKey[]? warned = null) =>
        new("p", blocked.ToHashSet(), (warned ?? []).ToHashSet());

    private static ObservedOutcome Saw(OperationKey[] blocked, OperationKey[]? warned = null) =>
        new(blocked.ToHashSet(), (warned ?? []).ToHashSet());

    [Fact]
    public void Equal_sets_match_in_any_order()
    {
        ExpectationMatcher.Judge(Expect([AlterRole, Drop]), Saw([Drop, AlterRole])).ShouldBe(MatrixCell.Blocked);
    }

    [Fact]
    public void A_missing_or_an_extra_operation_is_a_mismatch()
    {
        ExpectationMatcher.Judge(Expect([AlterRole, Drop]), Saw([AlterRole])).ShouldBe(MatrixCell.Mismatch);
        ExpectationMatcher.Judge(Expect([AlterRole]), Saw([AlterRole, Drop])).ShouldBe(MatrixCell.Mismatch);
    }

    [Fact]
    public void The_culprit_is_part_of_the_operation()
    {
        var otherOwner = AlterRole with { Culprit = AlterRole.Culprit! with { Owner = "alice" } };
        var noCulprit = AlterRole with { Culprit = null };

        ExpectationMatcher.Judge(Expect([AlterRole]), Saw([otherOwner])).ShouldBe(MatrixCell.Mismatch);
        ExpectationMatcher.Judge(Expect([AlterRole]), Saw([noCulprit])).ShouldBe(MatrixCell.Mismatch);
    }

    [Fact]
    public void Blocked_and_warned_are_compared_separately()
    {
        ExpectationMatcher.Judge(Expect([], [CallEvil]), Saw([], [CallEvil])).ShouldBe(MatrixCell.Warned);
        ExpectationMatcher.Judge(Expect([CallEvil]), Saw([], [CallEvil])).ShouldBe(MatrixCell.Mismatch);
        ExpectationMatcher.Judge(Expect([AlterRole], [CallEvil]), Saw([AlterRole], [CallEvil])).ShouldBe(MatrixCell.Blocked);
    }

    [Fact]
    public void Allowed_means_nothing_blocked_and_nothing_warned()
    {
        ExpectationMatcher.Judge(Expect([]), ObservedOutcome.Nothing).ShouldBe(MatrixCell.Allowed);
        ExpectationMatcher.Judge(Expect([]), Saw([], [CallEvil])).ShouldBe(MatrixCell.Mismatch);
    }

    [Fact]
    public void No_expectation_is_unjudged_whatever_happened()
    {
        ExpectationMatcher.Judge(null, Saw([AlterRole])).ShouldBe(MatrixCell.Unjudged);
        ExpectationMatcher.Judge(null, ObservedOutcome.Nothing).ShouldBe(MatrixCell.Unjudged);
    }

    [Fact]
    public void A_phase_named_by_the_expectation_is_compared_and_an_unnamed_one_is_not()
    {
        var planning = AlterRole with { Culprit = AlterRole.Culprit! with { Phase = "planning" } };
        var execution = AlterRole with { Culprit = AlterRole.Culprit! with { Phase = "execution" } };

        ExpectationMatcher.Judge(Expect([planning]), Saw([planning]).As(Expect([planning]))).ShouldBe(MatrixCell.Blocked);
        ExpectationMatcher.Judge(Expect([planning]), Saw([execution]).As(Expect([planning]))).ShouldBe(MatrixCell.Mismatch);
        ExpectationMatcher.Judge(Expect([planning]), Saw([planning, execution]).As(Expect([planning]))).ShouldBe(MatrixCell.Mismatch);
        ExpectationMatcher.Judge(Expect([AlterRole]), Saw([execution]).As(Expect([AlterRole]))).ShouldBe(MatrixCell.Blocked);
        Saw([execution]).As(null).Blocked.ShouldBe([AlterRole]);
    }
}
