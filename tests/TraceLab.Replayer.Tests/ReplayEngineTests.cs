using TraceLab.Policies;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Tests.Support;

namespace TraceLab.Replayer.Tests;

public sealed class ReplayEngineTests
{
    private static readonly IPolicy Strict = PolicyFile.Compile("""
        name: ddl-strict
        description: ddl-needs-trusted-chain without trusting superusers.
        rules:
          - name: untrusted-ddl
            operations: [ddl, role, grant]
            trust: {superusers: false}
            action: block
        """, "ddl-strict.yaml");

    private static RecordedSession[] AllSamples() => DemoTraces.Sessions();

    [Fact]
    public async Task Evaluates_every_policy_on_every_operation_in_the_order_given()
    {
        var engine = new ReplayEngine([BuiltInPolicies.DdlNeedsTrustedChain, BuiltInPolicies.Permissive, Strict]);

        var report = await engine.ReplayAsync(AllSamples(), TestContext.Current.CancellationToken);

        report.Policies.ShouldBe(["ddl-needs-trusted-chain", "permissive", "ddl-strict"]);
        report.Operations.ShouldAllBe(o => o.Verdicts.Select(v => v.Policy).SequenceEqual(report.Policies));
        report.Operations.Select(o => $"{o.Operation.SessionId}:{o.Operation.Seq}").ShouldBe(DemoTraces.OperationKeys());
        report.Operations.Select(o => o.Operation.Command).ShouldBe(
        [
            "SELECT", "EXECUTE FUNCTION", "ALTER ROLE",
            "INSERT", "EXECUTE FUNCTION", "ALTER ROLE",
            "SELECT", "EXECUTE FUNCTION", "EXECUTE FUNCTION",
        ]);
        report.Operations.Select(o => string.Join(",", o.Verdicts.Select(v => v.Verdict.Decision))).ShouldBe(
        [
            "Allowed,Allowed,Allowed",
            "Allowed,Allowed,Allowed",
            "Blocked,Allowed,Blocked",
            "Allowed,Allowed,Allowed",
            "Allowed,Allowed,Allowed",
            "Blocked,Allowed,Blocked",
            "Allowed,Allowed,Allowed",
            "Allowed,Allowed,Allowed",
            "Allowed,Allowed,Allowed",
        ]);
    }

    [Fact]
    public async Task Reports_the_exact_verdict_of_the_view_attack()
    {
        var engine = new ReplayEngine(Replays.Classic);

        var trace = DemoTraces.ViewAttack;
        var report = await engine.ReplayAsync(trace.ToSessions(), TestContext.Current.CancellationToken);
        var alter = report.Operations.Single(o => o.Operation.Command == "ALTER ROLE");

        alter.IsBlockedByAny.ShouldBeTrue();
        alter.VerdictOf("permissive").ShouldBe(Verdict.Allow());
        var verdict = alter.VerdictOf("ddl-needs-trusted-chain");
        trace.Restore(verdict.Message!).ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        trace.Restore(ChainSentence.Format(alter.Operation, verdict.CulpritIndex)).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> view mallory.v_orders owned by \"mallory\" (culprit) -> "
            + "view mallory.v_orders_inner owned by \"mallory\" -> function mallory.f_format(integer) owned by \"mallory\" -> "
            + "ALTER ROLE executed as \"alice\".");
        trace.Restore(verdict.Hint!).ShouldBe(
            "Trust \"mallory\" in the policy (trust: roles: {alice: [mallory]}), or do not use view mallory.v_orders as \"alice\".");
        Should.Throw<KeyNotFoundException>(() => alter.VerdictOf("ddl-strict"));
    }

    [Fact]
    public async Task Reports_the_exact_verdict_of_the_trigger_attack()
    {
        var engine = new ReplayEngine([BuiltInPolicies.DdlNeedsTrustedChain]);

        var trace = DemoTraces.TriggerAttack;
        var report = await engine.ReplayAsync(trace.ToSessions(), TestContext.Current.CancellationToken);
        var verdict = report.Operations[^1].VerdictOf("ddl-needs-trusted-chain");

        trace.Restore(ChainSentence.Format(report.Operations[^1].Operation, verdict.CulpritIndex)).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> "
            + "trigger trg_orders on mallory.t_orders owned by \"mallory\" (culprit) -> "
            + "function mallory.trg_audit() owned by \"mallory\" -> ALTER ROLE executed as \"alice\".");
    }

    [Fact]
    public async Task Reads_each_session_once_and_asks_each_policy_once_per_operation()
    {
        var counting = new CountingPolicy();
        var reads = 0;
        var recorded = DemoTraces.FramesOf(DemoTraces.ViewAttack);
        var frames = recorded.Select(f =>
        {
            reads++;
            return f;
        });
        var engine = new ReplayEngine([counting, BuiltInPolicies.Permissive]);

        var report = await engine.ReplayAsync(
            [RecordedSession.FromFrames(DemoTraces.SessionOf(DemoTraces.ViewAttack), frames)], TestContext.Current.CancellationToken);

        reads.ShouldBe(recorded.Count);
        counting.Calls.ShouldBe(3);
        report.Operations.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Summarises_counts_per_session_and_policy()
    {
        var engine = new ReplayEngine(Replays.Classic);

        var report = await engine.ReplayAsync(AllSamples(), TestContext.Current.CancellationToken);

        report.Summary.Sessions.Select(s => (s.SessionId, s.Database, s.Operations)).ShouldBe(
            DemoTraces.All.Select(t => (t.Sessions[0].SessionId, (string?)t.Sessions[0].Database, 3L)));
        report.Summary.Sessions.Select(s => s.Policies[1]).ShouldBe(
        [
            new PolicyCounts("ddl-needs-trusted-chain", 2, 1),
            new PolicyCounts("ddl-needs-trusted-chain", 2, 1),
            new PolicyCounts("ddl-needs-trusted-chain", 3, 0),
        ]);
        report.Summary.Totals.ShouldBe([new PolicyCounts("permissive", 9, 0), new PolicyCounts("ddl-needs-trusted-chain", 7, 2)]);
        report.Summary.Operations.ShouldBe(9);
    }

    [Fact]
    public async Task A_session_without_operations_still_appears_in_the_summary()
    {
        var empty = new SessionScript();
        empty.Started("postgres", EdgeCaseScripts.Alice);
        empty.Ended();
        var engine = new ReplayEngine(Replays.Classic);

        var report = await engine.ReplayAsync([empty.ToSession("1-1")], TestContext.Current.CancellationToken);

        report.Operations.ShouldBeEmpty();
        report.Summary.Sessions.Single().ShouldBe(new SessionSummary("1-1", "postgres", 0, report.Summary.Sessions[0].Policies));
        report.Summary.Sessions[0].Policies.ShouldBe(
            [new PolicyCounts("permissive", 0, 0), new PolicyCounts("ddl-needs-trusted-chain", 0, 0)]);
    }

    [Fact]
    public async Task A_session_that_ended_abnormally_inside_a_call_replays_what_it_recorded_and_leaves_the_next_alone()
    {
        // Given a session killed inside a function, in an open transaction: no closing frames, then the Recorder's end
        // (hand-built: a backend killed inside a function is not something a scenario's psql session can do on cue)
        var crashed = new SessionScript();
        crashed.Started("tracelab_demo", EdgeCaseScripts.Alice);
        crashed.Role(EdgeCaseScripts.Alice, "alice", superuser: true);
        crashed.Role(EdgeCaseScripts.Mallory, "mallory");
        crashed.Function(EdgeCaseScripts.FEvil, "mallory", "f_evil", "integer", EdgeCaseScripts.Mallory);
        var begin = crashed.Utility(0, 0, EdgeCaseScripts.Alice, 0, "BEGIN", "BEGIN");
        crashed.Finished(begin);
        var select = crashed.Statement(0, 0, EdgeCaseScripts.Alice, EdgeCaseScripts.QSelect, "SELECT", "SELECT mallory.f_evil(1)");
        var call = crashed.Entered(select, 1, EdgeCaseScripts.Alice, EdgeCaseScripts.FEvil, location: 7);
        crashed.Utility(call, 2, EdgeCaseScripts.Alice, EdgeCaseScripts.QAlter, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");
        crashed.EndedAbnormally();
        var next = DemoTraces.Benign.ToSessions().Single();
        var engine = new ReplayEngine(Replays.Classic);

        // When both are replayed in one run
        var report = await engine.ReplayAsync([crashed.ToSession(Replays.SessionId), next], TestContext.Current.CancellationToken);

        // Then the crashed session's operations are judged, and the next session starts afresh
        var alter = report.Operations.Single(o => o.Operation.SessionId == Replays.SessionId && o.Operation.Command == "ALTER ROLE");
        alter.Verdicts.Select(v => v.Outcome).ShouldBe([Outcome.Allowed, Outcome.Blocked]);
        report.Operations.Where(o => o.Operation.SessionId == next.SessionId)
            .ShouldAllBe(o => o.Verdicts.All(v => v.Outcome == Outcome.Allowed));
        report.Summary.Sessions.Select(s => s.SessionId).ShouldBe([Replays.SessionId, next.SessionId]);
    }

    [Fact]
    public async Task Streaming_gives_the_same_verdicts_and_summary_as_collecting()
    {
        var engine = new ReplayEngine(Replays.Classic);
        var ct = TestContext.Current.CancellationToken;

        var streamed = await engine.StreamAsync(DemoTraces.ViewAttack.ToSessions().Single(), ct).ToListAsync(ct);
        var collected = await engine.ReplayAsync(DemoTraces.ViewAttack.ToSessions(), ct);

        streamed.Select(o => o.Verdicts).ShouldBe(collected.Operations.Select(o => o.Verdicts));
        ReplaySummary.Of(engine.PolicyNames, streamed).Sessions.Single().Policies
            .ShouldBe(collected.Summary.Sessions.Single().Policies);
    }

    [Fact]
    public async Task Runs_with_no_policy_at_all()
    {
        var engine = new ReplayEngine([]);

        var report = await engine.ReplayAsync(DemoTraces.Benign.ToSessions(), TestContext.Current.CancellationToken);

        report.Operations.Count.ShouldBe(3);
        report.Operations.ShouldAllBe(o => o.Verdicts.Count == 0);
    }

    [Fact]
    public void Refuses_two_policies_with_the_same_name()
    {
        var twin = PolicyFile.Compile(
            "name: permissive\ndescription: A twin.\nrules:\n  - {name: r, operations: [ddl], action: block}\n", "twin.yaml");

        Should.Throw<ArgumentException>(() => new ReplayEngine([BuiltInPolicies.Permissive, twin]));
    }

    [Fact]
    public async Task Replays_sessions_from_an_asynchronous_source()
    {
        var engine = new ReplayEngine(Replays.Classic);

        var report = await engine.ReplayAsync(AllSamples().ToAsyncEnumerable(), TestContext.Current.CancellationToken);

        report.Operations.Count(o => o.IsBlockedByAny).ShouldBe(2);
    }

    private sealed class CountingPolicy : IPolicy
    {
        public int Calls { get; private set; }

        public string Name => "counting";

        public string Description => "Counts calls.";

        public Verdict Evaluate(Operation operation)
        {
            Calls++;
            return Verdict.Allow();
        }
    }
}
