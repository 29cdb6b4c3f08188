using TraceLab.Replayer;
using TraceLab.Scenarios.Agreement;
using static TraceLab.Scenarios.Tests.Agreement.Operations;

namespace TraceLab.Scenarios.Tests.Agreement;

public sealed class AgreementComparerTests
{
    private static readonly ComparedOperation Analyze = new("EXECUTE FUNCTION",
    [
        new ChainLink("maintenance", "autovacuum: ANALYZE bob.sessions", "bob", "maintenance", StatementText: true),
        new ChainLink("function", "mallory.session_day(timestamp with time zone)", "mallory", "maintenance"),
    ]);

    private static readonly ComparedOperation Grant = new("GRANT", [.. Analyze.Chain, new ChainLink("utility", "GRANT SELECT ON bob.payroll TO mallory", "mallory", "utility")]);

    private static RecordedRunSession<PredictedOperation> PredictedSession(string label, bool background, params PredictedOperation[] operations) =>
        new(label, background, operations);

    private static RecordedRunSession<EnforcedOperation> EnforcedSession(string label, bool background, params EnforcedOperation[] operations) =>
        new(label, background, operations);

    [Fact]
    public void Step_sessions_are_paired_by_their_name_in_the_file()
    {
        // Given two sessions, listed in another order in the enforced run
        var alice = Statement("SELECT 1");
        var bob = Statement("SELECT 2");
        var tally = AgreementComparer.Compare(
            [PredictedSession("alice", false, Predicted(alice, Outcome.Allowed)), PredictedSession("bob", false, Predicted(bob, Outcome.Allowed))],
            [EnforcedSession("bob", false, Enforced(bob, EnforcedOutcome.Allowed)), EnforcedSession("alice", false, Enforced(alice, EnforcedOutcome.Allowed))]);

        (tally.Agreed, tally.Total).ShouldBe((2, 2));
        tally.Comparisons.Select(c => c.Session).ShouldBe(["alice", "bob"]);
    }

    [Fact]
    public void A_step_session_missing_from_the_enforced_run_has_every_operation_absent()
    {
        var tally = AgreementComparer.Compare(
            [PredictedSession("alice session=2", false, Predicted(Statement("SELECT 1"), Outcome.Allowed))],
            []);

        (tally.Agreed, tally.Total).ShouldBe((0, 1));
        tally.Comparisons[0].Actual.ShouldBe(EnforcedOutcome.Absent);
    }

    [Fact]
    public void Autovacuum_retries_that_repeat_a_paired_session_are_counted_not_compared()
    {
        // Given one autovacuum session predicted blocked at the index expression's function, and three enforced ones
        // (autovacuum retried the failed ANALYZE twice) that each raised there
        var tally = AgreementComparer.Compare(
            [PredictedSession("autovacuum worker", true, Predicted(Analyze, Outcome.Blocked), Predicted(Grant, Outcome.NotReached))],
            [
                EnforcedSession("autovacuum worker", true, Enforced(Analyze, EnforcedOutcome.Blocked)),
                EnforcedSession("autovacuum worker", true, Enforced(Analyze, EnforcedOutcome.Blocked)),
                EnforcedSession("autovacuum worker", true, Enforced(Analyze, EnforcedOutcome.Blocked)),
            ]);

        (tally.Agreed, tally.Total, tally.RepeatedBackgroundSessions).ShouldBe((2, 2, 2));
    }

    [Fact]
    public void A_background_session_is_paired_with_the_enforced_one_that_agrees_most()
    {
        var other = new ComparedOperation("EXECUTE FUNCTION", [Analyze.Chain[0], new ChainLink("function", "bob.other()", "bob", "maintenance")]);
        var tally = AgreementComparer.Compare(
            [PredictedSession("autovacuum worker", true, Predicted(Analyze, Outcome.Blocked))],
            [
                EnforcedSession("autovacuum worker", true, Enforced(other, EnforcedOutcome.Allowed)),
                EnforcedSession("autovacuum worker", true, Enforced(Analyze, EnforcedOutcome.Blocked)),
            ]);

        // Then the prediction agrees with its partner, and the unrelated session's operation was not predicted
        tally.Comparisons.Count(c => c.Agrees).ShouldBe(1);
        var extra = tally.Comparisons.Single(c => !c.Agrees);
        (extra.Operation, extra.Predicted).ShouldBe((other, (Outcome?)null));
        tally.RepeatedBackgroundSessions.ShouldBe(0);
    }

    [Fact]
    public void Background_sessions_without_operations_are_ignored()
    {
        var tally = AgreementComparer.Compare(
            [PredictedSession("autovacuum worker", true)],
            [EnforcedSession("autovacuum worker", true), EnforcedSession("parallel worker", true)]);

        (tally.Total, tally.RepeatedBackgroundSessions).ShouldBe((0, 0));
    }

    [Fact]
    public void A_caught_error_counts_as_a_handler_that_ran()
    {
        var trigger = Under(Statement("SELECT mallory.f()"), "ALTER ROLE", "utility", "ALTER ROLE mallory SUPERUSER");
        var tally = AgreementComparer.Compare(
            [PredictedSession("alice", false, Predicted(trigger, Outcome.Blocked))],
            [EnforcedSession("alice", false, new EnforcedOperation(trigger, EnforcedOutcome.Blocked, null, ErrorConsequence.Caught))]);

        (tally.Agreed, tally.Caught).ShouldBe((1, 1));
    }
}
