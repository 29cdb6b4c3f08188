using TraceLab.Replayer;
using TraceLab.Scenarios.Agreement;
using static TraceLab.Scenarios.Tests.Agreement.Operations;

namespace TraceLab.Scenarios.Tests.Agreement;

public sealed class SessionAlignmentTests
{
    private static readonly ComparedOperation Insert = Statement("INSERT INTO mallory.t_orders VALUES (1)");
    private static readonly ComparedOperation Trigger = Under(Insert, "EXECUTE FUNCTION", "function", "mallory.trg_audit()");
    private static readonly ComparedOperation AlterRole = Under(Trigger, "ALTER ROLE", "utility", "ALTER ROLE mallory SUPERUSER");
    private static readonly ComparedOperation Log = Under(Trigger, "INSERT", "query", "INSERT INTO mallory.log VALUES (1)");
    private static readonly ComparedOperation Begin = Statement("BEGIN");
    private static readonly ComparedOperation Select = Statement("SELECT 1");
    private static readonly ComparedOperation Commit = Statement("COMMIT");

    [Fact]
    public void Operations_that_ran_as_predicted_agree()
    {
        // Given a session whose every operation was allowed, and ran so under enforcement
        var result = SessionAlignment.Align("alice",
            [Predicted(Insert, Outcome.Allowed), Predicted(Trigger, Outcome.Allowed)],
            [Enforced(Insert, EnforcedOutcome.Allowed), Enforced(Trigger, EnforcedOutcome.Allowed)]);

        // Then both agree
        result.Agreed.ShouldBe(2);
        result.Comparisons.Count.ShouldBe(2);
        result.Comparisons.ShouldAllBe(c => c.Session == "alice" && c.Agrees);
    }

    [Fact]
    public void A_predicted_block_agrees_only_with_the_operation_the_probe_raised_at()
    {
        // Given the ALTER ROLE in the trigger predicted blocked
        PredictedOperation[] predicted = [Predicted(Insert, Outcome.Allowed), Predicted(Trigger, Outcome.Allowed), Predicted(AlterRole, Outcome.Blocked)];

        // When the probe raised exactly there, all agree; when it let it run, that one disagrees
        SessionAlignment.Align("alice", predicted,
            [Enforced(Insert, EnforcedOutcome.Allowed), Enforced(Trigger, EnforcedOutcome.Allowed), Enforced(AlterRole, EnforcedOutcome.Blocked)])
            .Agreed.ShouldBe(3);
        var missed = SessionAlignment.Align("alice", predicted,
            [Enforced(Insert, EnforcedOutcome.Allowed), Enforced(Trigger, EnforcedOutcome.Allowed), Enforced(AlterRole, EnforcedOutcome.Allowed)]);
        missed.Agreed.ShouldBe(2);
        var disagreement = missed.Comparisons.Single(c => !c.Agrees);
        disagreement.Operation.ShouldBe(AlterRole);
        disagreement.Predicted.ShouldBe(Outcome.Blocked);
        disagreement.Actual.ShouldBe(EnforcedOutcome.Allowed);
    }

    [Fact]
    public void The_rest_of_a_blocked_unit_agrees_by_being_absent()
    {
        // Given the trigger function blocked, so its ALTER ROLE and INSERT are never reached
        var result = SessionAlignment.Align("alice",
            [Predicted(Insert, Outcome.Allowed), Predicted(Trigger, Outcome.Blocked), Predicted(AlterRole, Outcome.NotReached), Predicted(Log, Outcome.NotReached)],
            [Enforced(Insert, EnforcedOutcome.Allowed), Enforced(Trigger, EnforcedOutcome.Blocked)]);

        // Then all four agree: the two not reached are absent from the enforced run
        result.Agreed.ShouldBe(4);
        result.Comparisons.Where(c => c.Predicted == Outcome.NotReached).ShouldAllBe(c => c.Actual == EnforcedOutcome.Absent);
    }

    [Fact]
    public void An_operation_predicted_not_reached_that_ran_disagrees()
    {
        var result = SessionAlignment.Align("alice",
            [Predicted(Trigger, Outcome.Blocked), Predicted(AlterRole, Outcome.NotReached)],
            [Enforced(Trigger, EnforcedOutcome.Blocked), Enforced(AlterRole, EnforcedOutcome.Allowed)]);

        result.Agreed.ShouldBe(1);
        var present = result.Comparisons.Single(c => !c.Agrees);
        (present.Predicted, present.Actual).ShouldBe((Outcome.NotReached, EnforcedOutcome.Allowed));
    }

    [Fact]
    public void Later_statements_of_an_aborted_transaction_agree_by_being_absent_and_its_commit_runs()
    {
        // Given BEGIN; INSERT (its trigger blocked); SELECT 1; COMMIT: the SELECT is aborted, the COMMIT runs
        var result = SessionAlignment.Align("alice",
            [
                Predicted(Begin, Outcome.Allowed), Predicted(Insert, Outcome.Allowed), Predicted(Trigger, Outcome.Blocked),
                Predicted(AlterRole, Outcome.NotReached), Predicted(Select, Outcome.Aborted), Predicted(Commit, Outcome.Allowed),
            ],
            [
                Enforced(Begin, EnforcedOutcome.Allowed), Enforced(Insert, EnforcedOutcome.Allowed), Enforced(Trigger, EnforcedOutcome.Blocked),
                Enforced(Commit, EnforcedOutcome.Allowed),
            ]);

        result.Agreed.ShouldBe(6);
        result.Comparisons.Single(c => c.Operation == Select).Actual.ShouldBe(EnforcedOutcome.Absent);
    }

    [Fact]
    public void Operations_past_a_handler_point_are_counted_apart_on_both_sides()
    {
        // Given the ALTER ROLE blocked inside an EXCEPTION block: the replay cannot follow the function past it, the
        // enforced run took the handler's path (its own INSERT), and the statement after the function ran in both
        var handlerInsert = Under(Trigger, "INSERT", "query", "INSERT INTO mallory.failures VALUES (1)");
        var result = SessionAlignment.Align("alice",
            [
                Predicted(Insert, Outcome.Allowed), Predicted(Trigger, Outcome.Allowed), Predicted(AlterRole, Outcome.Blocked),
                Predicted(Log, Outcome.HandlerWouldRun), Predicted(Select, Outcome.Allowed),
            ],
            [
                Enforced(Insert, EnforcedOutcome.Allowed), Enforced(Trigger, EnforcedOutcome.Allowed), Enforced(AlterRole, EnforcedOutcome.Blocked),
                Enforced(handlerInsert, EnforcedOutcome.HandlerRan), Enforced(Select, EnforcedOutcome.Allowed),
            ]);

        // Then the four compared agree, and one operation on each side is counted apart
        result.Agreed.ShouldBe(4);
        result.Comparisons.Count.ShouldBe(4);
        (result.HandlerWouldRun, result.HandlerRan).ShouldBe((1, 1));
    }

    [Fact]
    public void An_operation_only_the_enforced_run_has_disagrees()
    {
        var result = SessionAlignment.Align("alice",
            [Predicted(Insert, Outcome.Allowed)],
            [Enforced(Insert, EnforcedOutcome.Allowed), Enforced(Log, EnforcedOutcome.Allowed)]);

        result.Agreed.ShouldBe(1);
        var extra = result.Comparisons.Single(c => !c.Agrees);
        (extra.Operation, extra.Predicted, extra.Actual).ShouldBe((Log, (Outcome?)null, EnforcedOutcome.Allowed));
        EnforcedOutcomeNames.OfPredicted(extra.Predicted).ShouldBe("absent");
    }

    [Fact]
    public void An_operation_predicted_to_run_that_is_missing_disagrees()
    {
        var result = SessionAlignment.Align("alice",
            [Predicted(Insert, Outcome.Allowed), Predicted(Select, Outcome.Allowed)],
            [Enforced(Insert, EnforcedOutcome.Allowed)]);

        result.Agreed.ShouldBe(1);
        var missing = result.Comparisons.Single(c => !c.Agrees);
        (missing.Operation, missing.Predicted, missing.Actual).ShouldBe((Select, (Outcome?)Outcome.Allowed, EnforcedOutcome.Absent));
    }

    [Fact]
    public void A_repeated_statement_pairs_with_the_one_predicted_to_run_not_the_one_a_block_skipped()
    {
        // Given SELECT 1 aborted after a block, then again after the transaction ended: only the second can have run
        var result = SessionAlignment.Align("alice",
            [Predicted(Trigger, Outcome.Blocked), Predicted(Select, Outcome.Aborted), Predicted(Commit, Outcome.Allowed), Predicted(Select, Outcome.Allowed)],
            [Enforced(Trigger, EnforcedOutcome.Blocked), Enforced(Commit, EnforcedOutcome.Allowed), Enforced(Select, EnforcedOutcome.Allowed)]);

        result.Agreed.ShouldBe(4);
        result.Comparisons.Select(c => (c.Predicted, c.Actual)).ShouldBe(
        [
            (Outcome.Blocked, EnforcedOutcome.Blocked), (Outcome.Aborted, EnforcedOutcome.Absent),
            (Outcome.Allowed, EnforcedOutcome.Allowed), (Outcome.Allowed, EnforcedOutcome.Allowed),
        ]);
    }

    [Fact]
    public void Warned_agrees_only_with_the_probe_s_warning()
    {
        SessionAlignment.Align("alice", [Predicted(Trigger, Outcome.Warned)], [Enforced(Trigger, EnforcedOutcome.Warned)]).Agreed.ShouldBe(1);
        SessionAlignment.Align("alice", [Predicted(Trigger, Outcome.Warned)], [Enforced(Trigger, EnforcedOutcome.Allowed)]).Agreed.ShouldBe(0);
    }

    [Fact]
    public void Operations_are_the_same_only_with_the_same_chain()
    {
        // The same command and statement, but the function owned by another role: not the same operation
        var otherOwner = Under(Insert, "EXECUTE FUNCTION", "function", "mallory.trg_audit()", owner: "bob");
        var result = SessionAlignment.Align("alice", [Predicted(Trigger, Outcome.Allowed)], [Enforced(otherOwner, EnforcedOutcome.Allowed)]);

        result.Agreed.ShouldBe(0);
        result.Comparisons.Count.ShouldBe(2);
    }

    [Fact]
    public void An_absent_operation_names_the_enclosing_statement_that_failed_for_a_reason_of_its_own()
    {
        // Given a CREATE TABLE in the schema a blocked statement would have created: it fails, its index is never built
        var create = Statement("CREATE TABLE tenant.t (id integer PRIMARY KEY)");
        var index = Under(create, "CREATE INDEX", "utility", "CREATE TABLE tenant.t (id integer PRIMARY KEY)", owner: "alice");
        var result = SessionAlignment.Align("alice",
            [Predicted(create, Outcome.Allowed), Predicted(index, Outcome.Allowed)],
            [new EnforcedOperation(create, EnforcedOutcome.Allowed, FailedWith: "3F000")]);

        // Then the missing index says why it never started, and the statement how it ended
        var missing = result.Comparisons.Single(c => !c.Agrees);
        missing.Operation.ShouldBe(index);
        missing.Enclosing.ShouldBe(new EnclosingFailure("CREATE", "3F000"));
        result.Comparisons.Single(c => c.Agrees).FailedWith.ShouldBe("3F000");
    }

    [Fact]
    public void An_absent_operation_whose_enclosing_statement_succeeded_names_no_failure()
    {
        var result = SessionAlignment.Align("alice",
            [Predicted(Insert, Outcome.Allowed), Predicted(Trigger, Outcome.Allowed)],
            [Enforced(Insert, EnforcedOutcome.Allowed)]);

        result.Comparisons.Single(c => !c.Agrees).Enclosing.ShouldBeNull();
    }
}
