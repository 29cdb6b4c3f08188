using TraceLab.Events;
using TraceLab.IntegrationTests.Support;

namespace TraceLab.IntegrationTests;

/// <summary>Errors at any depth leave the recorded tree whole: every frame opened on the error's way is closed, innermost
/// first, with status 1 and the error's SQLSTATE, under the frame that encloses it; a caught error ends at its
/// EXCEPTION block's subtransaction and the function goes on; transactions end as PostgreSQL ended them.</summary>
public sealed class ErrorTreeTests(TestCluster cluster) : IAsyncLifetime
{
    private const string CheckViolation = "23514";
    private const string DivisionByZero = "22012";

    private ScenarioLab lab = null!;

    public async ValueTask InitializeAsync()
    {
        lab = await ScenarioLab.CreateAsync(cluster);
        await lab.CreateRoleAsync("bob");
        await lab.SetUpAsync("""
            SET ROLE {bob};
            CREATE FUNCTION {bob}.f_div(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN 1 / i; END $$;
            CREATE TABLE {bob}.t_guard(i integer);
            CREATE FUNCTION {bob}.f_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.i < 0 THEN RAISE EXCEPTION 'negative' USING ERRCODE = 'check_violation'; END IF;
                    RETURN NEW;
                END $$;
            CREATE TRIGGER trg_guard BEFORE INSERT ON {bob}.t_guard FOR EACH ROW EXECUTE FUNCTION {bob}.f_guard();
            CREATE FUNCTION {bob}.f_inner(i integer) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO {bob}.t_guard VALUES (i); END $$;
            CREATE FUNCTION {bob}.f_outer(i integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM {bob}.f_inner(i); END $$;
            CREATE FUNCTION {bob}.f_careful(i integer) RETURNS integer LANGUAGE plpgsql AS $$
                BEGIN
                    BEGIN
                        PERFORM {bob}.f_inner(i);
                    EXCEPTION WHEN check_violation THEN
                        INSERT INTO {bob}.t_guard VALUES (0);
                    END;
                    RETURN 1;
                END $$;
            CREATE PROCEDURE {bob}.p_batch() LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO {bob}.t_guard VALUES (1);
                    COMMIT;
                    INSERT INTO {bob}.t_guard VALUES (2);
                    ROLLBACK;
                    PERFORM {bob}.f_inner(-1);
                END $$;
            """);
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task An_error_while_planning_closes_the_call_and_the_plan_and_runs_no_statement()
    {
        var f = await OidAsync("f_div(integer)");

        var events = await lab.EventsAsync(await lab.RunSessionAsync("bob", "SELECT {bob}.f_div(0)"));

        var plan = events.OfType<PlanStarted>().Single(p => p.Frame.Depth == 0);
        var call = events.OfType<FunctionEntered>().Single(e => e.FunctionOid == f);
        (call.Frame.Parent, call.Frame.Depth, call.Phase).ShouldBe((plan.Frame.Seq, 1, "planning"));
        var exit = ExitOf(events, call);
        (exit.Frame.Parent, exit.Frame.Depth, exit.Outcome, exit.SqlState)
            .ShouldBe((plan.Frame.Seq, 1, FrameOutcome.Failed, DivisionByZero));
        var planned = events.OfType<PlanFinished>().Single(p => p.PlanSeq == plan.Frame.Seq);
        (planned.Outcome, planned.SqlState).ShouldBe((FrameOutcome.Failed, DivisionByZero));
        events.OfType<StatementStarted>().ShouldBeEmpty("the statement failed before the executor started it");
        Last<TransactionEnded>(events).Outcome.ShouldBe(TransactionOutcome.Aborted);
    }

    [Fact]
    public async Task An_error_in_a_trigger_under_nested_functions_closes_every_frame_on_its_way_out()
    {
        var (outer, inner, guard) = (await OidAsync("f_outer(integer)"), await OidAsync("f_inner(integer)"), await OidAsync("f_guard()"));

        var events = await lab.EventsAsync(await lab.RunSessionAsync("bob", "SELECT {bob}.f_outer(-1)"));

        // The path down: SELECT → f_outer → PERFORM → f_inner → INSERT → trigger f_guard, each under the one before
        var top = events.OfType<StatementStarted>().Single(s => s.Frame.Depth == 0);
        var outerCall = Call(events, outer);
        var perform = events.OfType<StatementStarted>().Single(s => s.Frame.Parent == outerCall.Frame.Seq);
        var innerCall = Call(events, inner);
        var insert = events.OfType<StatementStarted>().Single(s => s.CommandTag == "INSERT");
        var guardCall = Call(events, guard);
        guardCall.Trigger.ShouldNotBeNull().Name.ShouldBe("trg_guard");
        IRecordedFrame[] path = [top, outerCall, perform, innerCall, insert, guardCall];
        ShouldNest(path);

        // The way out: each closed in turn, innermost first, failed with the trigger's SQLSTATE
        var closings = path.Reverse().Select(f => Closing(events, f)).ToList();
        closings.Select(c => c.Frame.Seq).ShouldBe(Enumerable.Range(0, 6).Select(i => closings[0].Frame.Seq + i));
        foreach (var (opened, closed) in path.Zip(closings.AsEnumerable().Reverse()))
        {
            (closed.Frame.Parent, closed.Frame.Depth).ShouldBe((opened.Frame.Parent, opened.Frame.Depth));
            Status(closed).ShouldBe((FrameOutcome.Failed, CheckViolation));
        }

        Last<TransactionEnded>(events).Outcome.ShouldBe(TransactionOutcome.Aborted);
    }

    [Fact]
    public async Task An_error_caught_by_an_exception_block_ends_its_subtransaction_and_the_function_goes_on()
    {
        var careful = await OidAsync("f_careful(integer)");
        var (inner, guard) = (await OidAsync("f_inner(integer)"), await OidAsync("f_guard()"));

        var events = await lab.EventsAsync(await lab.RunSessionAsync("bob", "SELECT {bob}.f_careful(-1)"));

        var call = Call(events, careful);
        var started = events.OfType<SubtransactionStarted>().Single();
        (started.Frame.Parent, started.Frame.Depth).ShouldBe((call.Frame.Seq, call.Frame.Depth + 1));
        var ended = events.OfType<SubtransactionEnded>().Single();
        (ended.SubtransactionId, ended.Outcome).ShouldBe((started.SubtransactionId, TransactionOutcome.Aborted));
        (ended.Frame.Parent, ended.Frame.Depth).ShouldBe((call.Frame.Seq, call.Frame.Depth + 1));

        // Inside the block the error closed its frames as failed; after it, the handler's INSERT and its trigger ran
        var failed = Call(events, inner);
        failed.Frame.Seq.ShouldBeInRange(started.Frame.Seq, ended.Frame.Seq);
        Status(Closing(events, failed)).ShouldBe((FrameOutcome.Failed, CheckViolation));
        var guards = events.OfType<FunctionEntered>().Where(e => e.FunctionOid == guard).ToList();
        guards.Select(g => Status(Closing(events, g))).ShouldBe([(FrameOutcome.Failed, CheckViolation), (FrameOutcome.Succeeded, "")]);
        guards[1].Frame.Seq.ShouldBeGreaterThan(ended.Frame.Seq);
        var handler = events.OfType<StatementStarted>().Single(s => s.Frame.Seq > ended.Frame.Seq && s.CommandTag == "INSERT");
        (handler.Frame.Parent, handler.Frame.Depth).ShouldBe((call.Frame.Seq, call.Frame.Depth + 1));

        // And the function, the statement and the transaction succeeded
        Status(Closing(events, call)).ShouldBe((FrameOutcome.Succeeded, ""));
        Status(Closing(events, events.OfType<StatementStarted>().Single(s => s.Frame.Depth == 0))).ShouldBe((FrameOutcome.Succeeded, ""));
        Last<TransactionEnded>(events).Outcome.ShouldBe(TransactionOutcome.Committed);
    }

    [Fact]
    public async Task An_error_in_a_procedure_after_its_commit_and_rollback_fails_the_call_and_aborts_its_last_transaction()
    {
        var (procedure, inner) = (await OidAsync("p_batch()"), await OidAsync("f_inner(integer)"));

        var events = await lab.EventsAsync(await lab.RunSessionAsync("bob", "CALL {bob}.p_batch()"));

        var call = events.OfType<StatementStarted>().Single(s => s.CommandTag == "CALL");
        var body = Call(events, procedure);
        (body.Frame.Parent, body.Frame.Depth, body.Phase).ShouldBe((call.Frame.Seq, 1, "utility"));
        var inside = events.OfType<TransactionEnded>().Where(t => t.Frame.Parent == body.Frame.Seq).ToList();
        inside.Select(t => (t.Outcome, t.Frame.Depth)).ShouldBe([(TransactionOutcome.Committed, 2), (TransactionOutcome.Aborted, 2)]);

        var failing = Call(events, inner);
        failing.Frame.Seq.ShouldBeGreaterThan(inside[1].Frame.Seq, "the error comes after the ROLLBACK");
        Status(Closing(events, failing)).ShouldBe((FrameOutcome.Failed, CheckViolation));
        var bodyExit = Closing(events, body);
        Status(bodyExit).ShouldBe((FrameOutcome.Failed, CheckViolation));
        (bodyExit.Frame.Parent, bodyExit.Frame.Depth).ShouldBe((call.Frame.Seq, 1));
        Status(Closing(events, call)).ShouldBe((FrameOutcome.Failed, CheckViolation));
        var last = Last<TransactionEnded>(events);
        (last.Outcome, last.Frame.Depth, last.Frame.Parent).ShouldBe((TransactionOutcome.Aborted, 0, 0L));
    }

    private Task<uint> OidAsync(string signature) => lab.ScalarAsync<uint>($"SELECT '{{bob}}.{signature}'::regprocedure::oid");

    private static FunctionEntered Call(List<IRecordedFrame> events, uint function) =>
        events.OfType<FunctionEntered>().Single(e => e.FunctionOid == function);

    private static FunctionExited ExitOf(List<IRecordedFrame> events, FunctionEntered call) =>
        events.OfType<FunctionExited>().Single(x => x.EnteredSeq == call.Frame.Seq);

    /// <summary>The frame that closes <paramref name="opened"/>: its StatementFinished or FunctionExited.</summary>
    private static IRecordedFrame Closing(List<IRecordedFrame> events, IRecordedFrame opened) => opened switch
    {
        StatementStarted s => events.OfType<StatementFinished>().Single(f => f.StatementSeq == s.Frame.Seq),
        FunctionEntered e => ExitOf(events, e),
        _ => throw new ArgumentException($"{opened.GetType().Name} opens no frame.", nameof(opened)),
    };

    private static (FrameOutcome Outcome, string SqlState) Status(IRecordedFrame closing) => closing switch
    {
        StatementFinished f => (f.Outcome, f.SqlState),
        FunctionExited x => (x.Outcome, x.SqlState),
        _ => throw new ArgumentException($"{closing.GetType().Name} closes no frame.", nameof(closing)),
    };

    /// <summary>Each frame is the parent of the next, one level deeper.</summary>
    private static void ShouldNest(IRecordedFrame[] path)
    {
        path[0].Frame.Depth.ShouldBe(0);
        for (var i = 1; i < path.Length; i++)
        {
            (path[i].Frame.Parent, path[i].Frame.Depth).ShouldBe((path[i - 1].Frame.Seq, i), path[i].GetType().Name);
        }
    }

    private static T Last<T>(List<IRecordedFrame> events) => events.OfType<T>().Last();
}
