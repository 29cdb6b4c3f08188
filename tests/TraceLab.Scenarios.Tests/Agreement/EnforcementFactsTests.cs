using TraceLab.Events;
using TraceLab.Policies.Model;
using TraceLab.Scenarios.Agreement;

namespace TraceLab.Scenarios.Tests.Agreement;

public sealed class EnforcementFactsTests
{
    private static readonly RoleFacts Alice = new(10, "alice", Superuser: true, CanLogin: true, Inherit: true, BypassRowSecurity: false);
    private static readonly RoleFacts Mallory = new(11, "mallory", Superuser: false, CanLogin: true, Inherit: true, BypassRowSecurity: false);

    private static FrameHeader At(long seq, long parent = 0, int depth = 0) => new(seq, parent, depth, 0, 10, 10, SecurityContext.None);

    private static PolicyEnforced Decision(long seq, long operation, string level) =>
        new(At(seq, operation), operation, "ddl-needs-trusted-chain", "block", level == EnforcementFacts.ErrorLevel ? 1 : 2, level, 1, "ddl",
            "user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"", "", "");

    private static StatementStarted Statement(long seq, string tag, long parent = 0) =>
        new(At(seq, parent), 0, tag, StatementKind.Utility, parent == 0 ? StatementContext.TopLevel : StatementContext.Query, tag);

    /// <summary>SELECT f() (seq 1) calls mallory's f (seq 2), which runs ALTER ROLE (seq 3), which the probe blocks (4).</summary>
    private static readonly IRecordedFrame[] Blocked =
    [
        Statement(1, "SELECT"),
        new FunctionEntered(At(2, 1, 1), 16400, "call", 7, null, null, "execution"),
        Statement(3, "ALTER ROLE", parent: 2),
        Decision(4, 3, EnforcementFacts.ErrorLevel),
        new StatementFinished(At(5, 2, 2), 3, FrameOutcome.Failed, "42501", 0),
    ];

    private static readonly Operation AlterRole = new("s", "db", 3, "ALTER ROLE", OperationKind.UtilityCommand, Alice, Alice,
    [
        new ChainEntry(ChainEntryKind.Statement, "SELECT mallory.f()", Alice, 1, Command: "SELECT"),
        new ChainEntry(ChainEntryKind.Function, "mallory.f()", Mallory, 2, ObjectOid: 16400),
        new ChainEntry(ChainEntryKind.Utility, "ALTER ROLE mallory SUPERUSER", Mallory, 3, Command: "ALTER ROLE"),
    ], RoleCatalog.Empty);

    private static EnforcementFacts Facts(IEnumerable<IRecordedFrame> frames)
    {
        var facts = new EnforcementFacts();
        foreach (var frame in frames)
        {
            facts.Observe(frame);
        }

        return facts;
    }

    [Fact]
    public void An_error_the_function_caught_is_caught()
    {
        // Given the function's EXCEPTION block caught it: the function returned, its statement succeeded
        var facts = Facts([
            .. Blocked,
            new FunctionExited(At(6, 1, 1), 2, FrameOutcome.Succeeded, ""),
            new StatementFinished(At(7), 1, FrameOutcome.Succeeded, "", 1),
            new TransactionEnded(At(8), TransactionOutcome.Committed),
        ]);

        facts.ConsequenceOf(AlterRole, facts.DecisionAt(3)!).ShouldBe(ErrorConsequence.Caught);
        (facts.FailureAt(1), facts.FailureAt(2), facts.FailureAt(3)).ShouldBe((null, null, "42501"));
    }

    [Fact]
    public void An_error_nothing_caught_rolls_its_transaction_back()
    {
        var facts = Facts([
            .. Blocked,
            new FunctionExited(At(6, 1, 1), 2, FrameOutcome.Failed, "42501"),
            new StatementFinished(At(7), 1, FrameOutcome.Failed, "42501", 0, TransactionOutcome.Aborted),
        ]);

        facts.ConsequenceOf(AlterRole, facts.DecisionAt(3)!).ShouldBe(ErrorConsequence.RolledBack);
        (facts.FailureAt(1), facts.FailureAt(2), facts.FailureAt(3)).ShouldBe(("42501", "42501", "42501"));
    }

    [Fact]
    public void An_error_undone_by_a_rollback_to_savepoint_lets_the_transaction_commit()
    {
        var facts = Facts([
            .. Blocked,
            new FunctionExited(At(6, 1, 1), 2, FrameOutcome.Failed, "42501"),
            new StatementFinished(At(7), 1, FrameOutcome.Failed, "42501", 0),
            Statement(8, "ROLLBACK"),
            new StatementFinished(At(9), 8, FrameOutcome.Succeeded, "", 0),
            new TransactionEnded(At(10), TransactionOutcome.Committed),
        ]);

        facts.ConsequenceOf(AlterRole, facts.DecisionAt(3)!).ShouldBe(ErrorConsequence.RolledBackToSavepoint);
    }

    [Fact]
    public void Without_an_end_of_its_transaction_the_consequence_is_not_recorded()
    {
        var facts = Facts(Blocked);

        facts.ConsequenceOf(AlterRole, facts.DecisionAt(3)!).ShouldBe(ErrorConsequence.NotRecorded);
    }

    [Fact]
    public void A_decision_at_a_role_switch_is_found_under_the_set_statement_that_made_it()
    {
        var facts = Facts([
            Statement(1, "SET"),
            new RoleSwitched(At(2, 1, 1), "SET ROLE", 10, 11, false),
            Decision(3, 2, EnforcementFacts.ErrorLevel),
        ]);

        facts.DecisionAt(1).ShouldBeSameAs(facts.DecisionAt(2));
        facts.DecisionAt(1)!.Level.ShouldBe(EnforcementFacts.ErrorLevel);
        facts.CommandAt(2).ShouldBe("SET ROLE");
    }

    [Fact]
    public void An_error_wins_over_a_warning_at_the_same_operation()
    {
        var facts = Facts([Statement(1, "SET"), Decision(2, 1, EnforcementFacts.WarningLevel), Decision(3, 1, EnforcementFacts.ErrorLevel)]);

        facts.DecisionAt(1)!.Frame.Seq.ShouldBe(3);
        facts.Decisions.Count.ShouldBe(2);
    }
}
