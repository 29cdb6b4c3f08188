using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.TransactionScript;

namespace TraceLab.Replayer.Tests.Counterfactual;

/// <summary>The counterfactual rules of SEMANTICS.md, one by one, on scripted sessions.</summary>
public sealed class CounterfactualOutcomeTests
{
    private static readonly TestPolicy NoAlterRole = TestPolicy.Blocking("no-alter-role", "ALTER ROLE");

    [Fact]
    public async Task Later_operations_of_the_blocked_statement_are_not_reached()
    {
        // Given: SELECT f() where f runs ALTER ROLE, then an INSERT and a call to g, then f returns
        var s = new TransactionScript();
        long alter = 0, insert = 0, g = 0, h = 0, call = 0, select = 0;
        select = s.Single("SELECT", () => call = s.Call(F, () =>
        {
            alter = s.Statement("ALTER ROLE");
            insert = s.Statement("INSERT", () => h = s.Call(H));
            g = s.Call(G);
        }));
        var next = s.Single("SELECT");

        // When
        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole, BuiltInPolicies.Permissive);

        // Then
        table[select, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[call, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[alter, "no-alter-role"].ShouldBe(Outcome.Blocked);
        table[insert, "no-alter-role"].ShouldBe(Outcome.NotReached);
        table[h, "no-alter-role"].ShouldBe(Outcome.NotReached);
        table[g, "no-alter-role"].ShouldBe(Outcome.NotReached);
        table[next, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table.Lines("permissive").ShouldAllBe(l => l.EndsWith(": Allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operation_that_is_not_reached_keeps_the_policys_own_verdict()
    {
        var s = new TransactionScript();
        long second = 0;
        s.Single("SELECT", () => s.Call(F, () =>
        {
            s.Statement("ALTER ROLE");
            second = s.Statement("ALTER ROLE", text: "ALTER ROLE bob SUPERUSER");
        }));

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        var verdict = table.Verdict(second, "no-alter-role");
        verdict.Outcome.ShouldBe(Outcome.NotReached);
        verdict.Verdict.Decision.ShouldBe(Decision.Blocked);
        verdict.Verdict.Message.ShouldBe("no-alter-role blocks \"ALTER ROLE\"");
    }

    [Fact]
    public async Task Later_statements_of_an_explicit_transaction_are_aborted_until_commit()
    {
        // Given: BEGIN; SELECT f() (ALTER ROLE inside); SELECT; INSERT firing g; COMMIT; then another statement
        var s = new TransactionScript();
        var begin = s.Begin();
        long alter = 0, g = 0;
        s.Statement("SELECT", () => s.Call(F, () => alter = s.Statement("ALTER ROLE")));
        var select = s.Statement("SELECT");
        var insert = s.Statement("INSERT", () => g = s.Call(G));
        var commit = s.End();
        var after = s.Single("SELECT");

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[begin, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[alter, "no-alter-role"].ShouldBe(Outcome.Blocked);
        table[select, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[insert, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[g, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[commit, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[after, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task Rollback_ends_the_aborted_state_and_is_judged_normally()
    {
        var s = new TransactionScript();
        s.Begin();
        s.Statement("ALTER ROLE");
        var select = s.Statement("SELECT");
        var rollback = s.End("ROLLBACK");
        var after = s.Single("SELECT");

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[select, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[rollback, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[after, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task Nothing_is_aborted_after_a_statement_in_an_implicit_transaction_of_its_own()
    {
        var s = new TransactionScript();
        var alter = s.Single("ALTER ROLE");
        var select = s.Single("SELECT", () => s.Call(G));

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[alter, "no-alter-role"].ShouldBe(Outcome.Blocked);
        table.Lines("no-alter-role").Skip(1).ShouldAllBe(l => l.EndsWith(": Allowed", StringComparison.Ordinal));
        table[select, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task Later_statements_of_a_multi_statement_query_string_are_aborted()
    {
        // Given: "ALTER ROLE …; SELECT g(); INSERT …" sent as one string: one implicit transaction
        var s = new TransactionScript();
        s.Statement("ALTER ROLE");
        long g = 0;
        var select = s.Statement("SELECT", () => g = s.Call(G));
        var insert = s.Statement("INSERT");
        s.EndTransaction();
        var next = s.Single("SELECT");

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[select, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[g, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[insert, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[next, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task Rollback_to_a_savepoint_opened_before_the_block_restores_normal_judging()
    {
        var s = new TransactionScript();
        s.Begin();
        s.Savepoint(2);
        var alter = s.Statement("ALTER ROLE");
        var aborted = s.Statement("SELECT");
        var rollbackTo = s.RollbackTo(2, 3);
        var select = s.Statement("SELECT", () => s.Call(G));
        var commit = s.End();

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[alter, "no-alter-role"].ShouldBe(Outcome.Blocked);
        table[aborted, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[rollbackTo, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[select, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[commit, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task Rollback_to_a_savepoint_opened_after_the_block_does_not_repair_the_transaction()
    {
        var s = new TransactionScript();
        s.Begin();
        s.Statement("ALTER ROLE");
        var savepoint = s.Savepoint(2);
        var rollbackTo = s.RollbackTo(2, 3);
        var select = s.Statement("SELECT");
        var commit = s.End();
        var after = s.Single("SELECT");

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[savepoint, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[rollbackTo, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[select, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[commit, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[after, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task A_blocked_rollback_to_repairs_nothing()
    {
        var s = new TransactionScript();
        s.Begin();
        s.Savepoint(2);
        s.Statement("ALTER ROLE");
        var rollbackTo = s.RollbackTo(2, 3);
        var select = s.Statement("SELECT");
        s.End();
        var noRollback = new TestPolicy(
            "no-rollback", o => o.Command is "ALTER ROLE" or "ROLLBACK" ? Decision.Blocked : Decision.Allowed);

        var table = await OutcomeTable.ReplayAsync(s, noRollback);

        table[rollbackTo, "no-rollback"].ShouldBe(Outcome.Blocked);
        table[select, "no-rollback"].ShouldBe(Outcome.Aborted);
    }

    [Fact]
    public async Task A_block_inside_an_exception_block_makes_the_rest_of_the_catching_function_uncertain()
    {
        // Given: SELECT f(), g(); f has BEGIN … EXCEPTION … END around ALTER ROLE, then more work; g runs after f
        var s = new TransactionScript();
        long f = 0, alter = 0, insert = 0, h = 0, later = 0, g = 0;
        s.Single("SELECT", () =>
        {
            f = s.Call(F, () =>
            {
                s.ExceptionBlock(2, () =>
                {
                    alter = s.Statement("ALTER ROLE");
                    insert = s.Statement("INSERT", () => h = s.Call(H));
                });
                later = s.Statement("SELECT");
            });
            g = s.Call(G);
        });
        var next = s.Single("SELECT");

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[f, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[alter, "no-alter-role"].ShouldBe(Outcome.Blocked);
        table[insert, "no-alter-role"].ShouldBe(Outcome.HandlerWouldRun);
        table[h, "no-alter-role"].ShouldBe(Outcome.HandlerWouldRun);
        table[later, "no-alter-role"].ShouldBe(Outcome.HandlerWouldRun);
        table[g, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[next, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task The_innermost_exception_block_on_the_chain_catches()
    {
        // Given: f (with an EXCEPTION block) calls g (with its own) which runs ALTER ROLE; f continues after g returns
        var s = new TransactionScript();
        long inG = 0, inF = 0;
        s.Single("SELECT", () => s.Call(F, () =>
        {
            s.ExceptionBlock(2, () =>
            {
                s.Call(G, () =>
                {
                    s.ExceptionBlock(3, () => s.Statement("ALTER ROLE"));
                    inG = s.Statement("INSERT");
                });
                inF = s.Statement("UPDATE");
            });
        }));

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[inG, "no-alter-role"].ShouldBe(Outcome.HandlerWouldRun);
        table[inF, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task A_savepoint_catches_nothing()
    {
        // Given: a savepoint is open when a nested ALTER ROLE is blocked
        var s = new TransactionScript();
        s.Begin();
        s.Savepoint(2);
        long after = 0;
        s.Statement("SELECT", () => s.Call(F, () =>
        {
            s.Statement("ALTER ROLE");
            after = s.Statement("INSERT");
        }));
        var select = s.Statement("SELECT");
        s.End();

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[after, "no-alter-role"].ShouldBe(Outcome.NotReached);
        table[select, "no-alter-role"].ShouldBe(Outcome.Aborted);
    }

    [Fact]
    public async Task An_exception_block_of_a_function_not_on_the_chain_catches_nothing()
    {
        // Given: f's EXCEPTION block is open while the statement f runs calls g, and g is blocked... through a chain
        // that does not pass through f (a call written in the top-level statement after f's block opened is
        // impossible in PostgreSQL, so the test uses a policy blocking g's call itself, reached from the statement)
        var s = new TransactionScript();
        long g = 0, after = 0;
        s.Single("SELECT", () =>
        {
            s.Call(F, () => s.ExceptionBlock(2, () => s.Statement("SELECT")));
            g = s.Call(G);
            after = s.Call(H);
        });

        var table = await OutcomeTable.ReplayAsync(s, TestPolicy.BlockingCalls("no-g", "mallory.g"));

        table[g, "no-g"].ShouldBe(Outcome.Blocked);
        table[after, "no-g"].ShouldBe(Outcome.NotReached);
    }

    [Fact]
    public async Task Two_policies_diverge_in_the_same_session()
    {
        // Given: BEGIN; SELECT f() runs ALTER ROLE; CREATE TABLE; COMMIT
        var s = new TransactionScript();
        s.Begin();
        long alter = 0;
        s.Statement("SELECT", () => s.Call(F, () => alter = s.Statement("ALTER ROLE")));
        var create = s.Statement("CREATE TABLE");
        s.End();
        var noCreate = TestPolicy.Blocking("no-create", "CREATE TABLE");

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole, noCreate);

        (table[alter, "no-alter-role"], table[alter, "no-create"]).ShouldBe((Outcome.Blocked, Outcome.Allowed));
        (table[create, "no-alter-role"], table[create, "no-create"]).ShouldBe((Outcome.Aborted, Outcome.Blocked));
        table.Report.Operations.Where(OutcomeDiff.Differs).Select(o => o.Operation.Seq).ShouldBe([alter, create]);
    }

    [Fact]
    public async Task A_warning_has_no_counterfactual_effect()
    {
        var s = new TransactionScript();
        s.Begin();
        long alter = 0, insert = 0;
        s.Statement("SELECT", () => s.Call(F, () =>
        {
            alter = s.Statement("ALTER ROLE");
            insert = s.Statement("INSERT");
        }));
        var select = s.Statement("SELECT");
        s.End();

        var table = await OutcomeTable.ReplayAsync(s, TestPolicy.Warning("warn-alter-role", "ALTER ROLE"));

        table[alter, "warn-alter-role"].ShouldBe(Outcome.Warned);
        table[insert, "warn-alter-role"].ShouldBe(Outcome.Allowed);
        table[select, "warn-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task A_deferred_trigger_blocked_at_commit_leaves_the_rest_of_the_commit_not_reached()
    {
        // Given: BEGIN; INSERT; COMMIT fires two deferred triggers (no statement open); the first runs ALTER ROLE
        var s = new TransactionScript();
        s.Begin();
        s.Statement("INSERT");
        long first = 0, alter = 0, inside = 0, second = 0;
        var commit = s.End(afterStatement: () =>
        {
            first = s.DeferredTrigger(() =>
            {
                alter = s.Statement("ALTER ROLE");
                inside = s.Statement("INSERT");
            });
            second = s.DeferredTrigger();
        });
        var next = s.Single("SELECT");

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[commit, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[first, "no-alter-role"].ShouldBe(Outcome.Allowed);
        table[alter, "no-alter-role"].ShouldBe(Outcome.Blocked);
        table[inside, "no-alter-role"].ShouldBe(Outcome.NotReached);
        table[second, "no-alter-role"].ShouldBe(Outcome.NotReached);
        table[next, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task A_blocked_deferred_trigger_call_stops_the_commit()
    {
        var s = new TransactionScript();
        s.Begin();
        long first = 0, second = 0;
        s.End(afterStatement: () =>
        {
            first = s.DeferredTrigger();
            second = s.DeferredTrigger();
        });

        var table = await OutcomeTable.ReplayAsync(s, TestPolicy.BlockingCalls("no-trigger", "mallory.trg_fn"));

        table[first, "no-trigger"].ShouldBe(Outcome.Blocked);
        table[second, "no-trigger"].ShouldBe(Outcome.NotReached);
    }

    [Fact]
    public async Task Affected_operations_start_no_block_of_their_own()
    {
        // Given: after a caught block, a second ALTER ROLE in the same function would be blocked too
        var s = new TransactionScript();
        long second = 0, after = 0;
        s.Single("SELECT", () =>
        {
            s.Call(F, () => s.ExceptionBlock(2, () =>
            {
                s.Statement("ALTER ROLE");
                second = s.Statement("ALTER ROLE");
            }));
            after = s.Call(G);
        });

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[second, "no-alter-role"].ShouldBe(Outcome.HandlerWouldRun);
        table[after, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task Each_session_starts_with_no_counterfactual_state()
    {
        var first = new TransactionScript();
        first.Begin();
        first.Statement("ALTER ROLE");
        first.Statement("SELECT");
        var second = new TransactionScript();
        var select = second.Statement("SELECT");
        var engine = new ReplayEngine([NoAlterRole]);

        var report = await engine.ReplayAsync(
            [first.Script.ToSession("1-1"), second.Script.ToSession("2-2")], TestContext.Current.CancellationToken);

        report.Operations.Single(o => o.Operation.SessionId == "2-2" && o.Operation.Seq == select).Verdicts[0].Outcome
            .ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task Summaries_count_every_outcome()
    {
        var s = new TransactionScript();
        s.Begin();
        s.Statement("SELECT", () => s.Call(F, () =>
        {
            s.ExceptionBlock(2, () =>
            {
                s.Statement("ALTER ROLE");
                s.Statement("INSERT");
            });
        }));
        s.Statement("SELECT", () => s.Call(G, () =>
        {
            s.Statement("ALTER ROLE");
            s.Statement("INSERT");
        }));
        s.Statement("SELECT");
        s.End();

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole, TestPolicy.Warning("warn", "BEGIN"));

        // BEGIN, SELECT, f, ALTER ROLE (blocked, caught), INSERT (handler), SELECT, g, ALTER ROLE (blocked),
        // INSERT (not reached), SELECT (aborted), COMMIT
        table.Report.Summary.Totals.ShouldBe(
        [
            new PolicyCounts("no-alter-role", 6, 2, 0, 1, 1, 1),
            new PolicyCounts("warn", 10, 0, 1),
        ]);
        table.Report.Summary.Sessions.Single().Policies.ShouldBe(table.Report.Summary.Totals);
    }

    [Fact]
    public async Task Streaming_one_session_gives_the_same_outcomes_as_collecting()
    {
        var s = new TransactionScript();
        s.Begin();
        s.Statement("ALTER ROLE");
        s.Statement("SELECT");
        s.End();
        var engine = new ReplayEngine([NoAlterRole]);
        var ct = TestContext.Current.CancellationToken;

        var streamed = await engine.StreamAsync(s.ToSession(), ct).ToListAsync(ct);
        var collected = await engine.ReplayAsync([s.ToSession()], ct);

        streamed.Select(o => o.Verdicts[0].Outcome).ShouldBe(collected.Operations.Select(o => o.Verdicts[0].Outcome));
        streamed.Select(o => o.Verdicts[0].Outcome).ShouldBe([Outcome.Allowed, Outcome.Blocked, Outcome.Aborted, Outcome.Allowed]);
    }

    [Fact]
    public async Task A_transaction_ended_by_a_procedure_commit_keeps_the_rest_of_the_call_not_reached()
    {
        // Given: CALL p() where p runs ALTER ROLE, COMMITs (the transaction ends inside the CALL), then INSERTs
        var s = new TransactionScript();
        long insert = 0;
        s.Single("CALL", () => s.Call(F, () =>
        {
            s.Statement("ALTER ROLE");
            s.EndTransaction();
            insert = s.Statement("INSERT");
        }));
        var next = s.Single("SELECT");

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[insert, "no-alter-role"].ShouldBe(Outcome.NotReached);
        table[next, "no-alter-role"].ShouldBe(Outcome.Allowed);
    }

    [Fact]
    public async Task A_cursor_fetch_is_its_own_statement()
    {
        // Given: DECLARE opens a cursor whose query calls f on each FETCH; f runs ALTER ROLE in the first FETCH
        var s = new TransactionScript();
        var script = s.Script;
        s.Begin();
        var declare = script.Utility(0, 0, Alice, 1, "DECLARE CURSOR", "DECLARE c CURSOR FOR SELECT mallory.f() FROM t");
        var query = script.Statement(declare, 1, Alice, 0, "SELECT", "DECLARE c CURSOR FOR SELECT mallory.f() FROM t");
        script.Finished(declare);
        var fetch1 = script.Utility(0, 0, Alice, 2, "FETCH", "FETCH c");
        var call1 = script.Entered(query, 1, Alice, F, location: 7);
        var alter = script.Utility(call1, 2, Alice, 3, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");
        script.Finished(alter);
        var insert = script.Statement(call1, 2, Alice, 4, "INSERT", "INSERT INTO t VALUES (1)");
        script.Finished(insert);
        script.Exited(call1);
        script.Finished(fetch1);
        var fetch2 = script.Utility(0, 0, Alice, 2, "FETCH", "FETCH c");
        var call2 = script.Entered(query, 1, Alice, F, location: 7);
        script.Exited(call2);
        script.Finished(fetch2);
        script.Finished(query);
        s.End();

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[alter, "no-alter-role"].ShouldBe(Outcome.Blocked);
        table[insert, "no-alter-role"].ShouldBe(Outcome.NotReached);
        table[fetch2, "no-alter-role"].ShouldBe(Outcome.Aborted);
        table[call2, "no-alter-role"].ShouldBe(Outcome.Aborted);
    }

    [Fact]
    public async Task Deduplicated_frames_do_not_disturb_the_timeline()
    {
        var s = new TransactionScript();
        s.Begin();
        var alter = s.Statement("ALTER ROLE");
        s.Script.Raw(s.Script.Frames[^1]); // the StatementFinished again
        s.Script.Raw(new TransactionEnded(new FrameHeader(1, 0, 0, 0, 0, 0, SecurityContext.None), TransactionOutcome.Committed));
        var select = s.Statement("SELECT");
        s.End();

        var table = await OutcomeTable.ReplayAsync(s, NoAlterRole);

        table[alter, "no-alter-role"].ShouldBe(Outcome.Blocked);
        table[select, "no-alter-role"].ShouldBe(Outcome.Aborted);
    }
}
