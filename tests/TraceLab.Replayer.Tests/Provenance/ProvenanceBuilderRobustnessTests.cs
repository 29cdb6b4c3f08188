using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;
using TraceLab.Replayer.Tests.Support;
using static TraceLab.Replayer.Tests.Support.Version1Sessions;

namespace TraceLab.Replayer.Tests.Provenance;

public sealed class ProvenanceBuilderRobustnessTests
{
    private static readonly IPolicy Ddl = BuiltInPolicies.DdlNeedsTrustedChain;

    [Fact]
    public void Role_facts_are_those_recorded_before_each_operation()
    {
        var s = Version1Sessions.ViewAttack();
        s.Role(Mallory, "mallory", superuser: true);
        var select = s.Statement(0, 0, Alice, Q1, "SELECT", "SELECT * FROM mallory.v_bait");
        var call = s.Entered(select, 1, Alice, FEvil);
        s.Utility(call, 2, Alice, Q2, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");

        var alters = ProvenanceBuilder.Build(ViewSessionId, s.Frames).Where(o => o.Command == "ALTER ROLE").ToList();

        alters.Select(o => o.Chain[1].Owner.Superuser).ShouldBe([false, true]);
        alters.Select(o => Ddl.Evaluate(o).Decision).ShouldBe([Decision.Blocked, Decision.Allowed]);
        alters[0].Roles.Find(Mallory).Superuser.ShouldBeFalse();
    }

    [Fact]
    public void A_role_change_within_a_statement_applies_to_the_operations_after_it()
    {
        var s = new SessionScript();
        s.Started("db", Alice);
        s.Role(Alice, "alice", true);
        s.Role(Mallory, "mallory");
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        var select = s.Statement(0, 0, Alice, 1, "SELECT", "SELECT mallory.f_evil(1)");
        var call = s.Entered(select, 1, Alice, FEvil, location: 7);
        s.Role(Mallory, "mallory", superuser: true);
        s.Utility(call, 2, Alice, 2, "CREATE TABLE", "CREATE TABLE t()");

        var operations = ProvenanceBuilder.Build(ViewSessionId, s.Frames).ToList();

        operations[1].Chain[1].Owner.Superuser.ShouldBeFalse();
        operations[2].Chain[1].Owner.Superuser.ShouldBeTrue();
    }

    [Fact]
    public void Missing_descriptors_render_oids_instead_of_failing()
    {
        var s = new SessionScript();
        var select = s.Statement(0, 0, Alice, Q1, "SELECT", "SELECT * FROM mallory.v_bait");
        s.Analyzed(Q1, "SELECT", new ExpandedView(VBait, -1, [FEvil]));
        var call = s.Entered(select, 1, Alice, FEvil);
        var trigger = s.Entered(call, 2, Alice, TrgFn, -2, "trigger", new TriggerContext(TrgOrders, "Trg Orders", TOrders, "A", "S", "T"));
        s.Utility(trigger, 3, Alice, Q2, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");

        var operations = ProvenanceBuilder.Build("no-descriptors", s.Frames).ToList();
        var alter = operations[^1];

        alter.Database.ShouldBeNull();
        alter.Executor.DisplayName.ShouldBe("role 10");
        alter.Lines().ShouldBe(
        [
            "Statement SELECT * FROM mallory.v_bait (unknown role)",
            "Function function 16410 (unknown role)",
            "Trigger \"Trg Orders\" on relation 16420 (unknown role)",
            "Function function 16411 (unknown role)",
            "Utility ALTER ROLE mallory SUPERUSER (unknown role)",
        ]);
        Ddl.Evaluate(alter).Message.ShouldBe("an unknown role may not induce role 10 to execute \"ALTER ROLE\"");
    }

    [Fact]
    public void Owners_without_role_descriptors_render_as_role_oids()
    {
        var s = new SessionScript();
        s.Started("db", Alice);
        s.Relation(VBait, "mallory", "v_bait", "v", Mallory);
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        s.Analyzed(Q1, "SELECT", new ExpandedView(VBait, -1, [FEvil]));
        var select = s.Statement(0, 0, Alice, Q1, "SELECT", "SELECT * FROM mallory.v_bait");
        var call = s.Entered(select, 1, Alice, FEvil);
        s.Utility(call, 2, Alice, Q2, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER");

        var alter = ProvenanceBuilder.Build(ViewSessionId, s.Frames).Last();

        alter.Lines().ShouldBe(
        [
            "Statement SELECT * FROM mallory.v_bait (role 10)",
            "View mallory.v_bait (role 16384)",
            "Function mallory.f_evil(integer) (role 16384)",
            "Utility ALTER ROLE mallory SUPERUSER (role 16384)",
        ]);
        var verdict = Ddl.Evaluate(alter);
        verdict.Message.ShouldBe("role 16384 may not induce role 10 to execute \"ALTER ROLE\"");
        verdict.CulpritIndex.ShouldBe(1);
    }

    [Fact]
    public void A_parent_the_recording_lacks_ends_the_chain_at_a_synthetic_root()
    {
        var s = new SessionScript();
        s.Started("db", Alice);
        s.Role(Alice, "alice", true);
        s.Function(16416, "alice", "maintain", "", Alice);
        s.Dropped(3);
        s.Skip(3);
        var call = s.Entered(7, 1, Alice, 16416);
        s.Utility(call, 2, Alice, 1, "ALTER ROLE", "ALTER ROLE bob NOLOGIN");

        var operations = ProvenanceBuilder.Build(ViewSessionId, s.Frames).ToList();

        operations.Count.ShouldBe(2);
        operations[1].Lines().ShouldBe(
        [
            "Statement unrecorded frame 7 (unknown role) synthetic",
            "Function alice.maintain() (alice)",
            "Utility ALTER ROLE bob NOLOGIN (alice)",
        ]);
        var verdict = Ddl.Evaluate(operations[1]);
        verdict.IsBlocked.ShouldBeTrue();
        verdict.CulpritIndex.ShouldBe(0);
    }

    [Fact]
    public void A_nested_statement_with_an_unknown_parent_is_attributed_to_nobody()
    {
        var s = new SessionScript();
        s.Started("db", Alice);
        s.Role(Alice, "alice", true);
        s.Utility(99, 2, Alice, 1, "DROP TABLE", "DROP TABLE t");

        var drop = ProvenanceBuilder.Build(ViewSessionId, s.Frames).Single();

        drop.Lines().ShouldBe(["Statement unrecorded frame 99 (unknown role) synthetic", "Utility DROP TABLE t (unknown role)"]);
    }

    [Fact]
    public void Failed_statements_and_calls_still_produce_operations()
    {
        var s = new SessionScript();
        s.Started("tracelab_demo", Alice);
        s.Role(Alice, "alice", true);
        s.Role(Mallory, "mallory");
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        var select = s.Statement(0, 0, Alice, 1, "SELECT", "SELECT mallory.f_evil(1)");
        var call = s.Entered(select, 1, Alice, FEvil, location: 7);
        var alter = s.Utility(call, 2, Alice, 2, "ALTER ROLE", "ALTER ROLE nobody SUPERUSER");
        s.Finished(alter, FrameOutcome.Failed, "42704");
        s.Exited(call, FrameOutcome.Failed, "42704");
        s.Finished(select, FrameOutcome.Failed, "42704");
        s.TransactionEnded(TransactionOutcome.Aborted);
        var next = s.Statement(0, 0, Alice, 3, "SELECT", "SELECT 1");
        s.Finished(next);

        var builder = new ProvenanceBuilder(ViewSessionId);
        var operations = s.Frames.Select(builder.Observe).OfType<Operation>().ToList();

        operations.Select(o => o.Command).ShouldBe(["SELECT", "EXECUTE FUNCTION", "ALTER ROLE", "SELECT"]);
        Ddl.Evaluate(operations[2]).IsBlocked.ShouldBeTrue();
        operations[3].Lines().ShouldBe(["Statement SELECT 1 (alice)"]);
        builder.LiveFrames.ShouldBe(0);
    }

    [Fact]
    public void Missing_finish_frames_do_not_stop_the_replay()
    {
        var s = new SessionScript();
        s.Started("db", Alice);
        s.Role(Alice, "alice", true);
        var first = s.Statement(0, 0, Alice, 1, "SELECT", "SELECT pg_sleep(1000)");
        s.Statement(first, 1, Alice, 2, "SELECT", "SELECT 1");

        var builder = new ProvenanceBuilder(ViewSessionId);
        var operations = s.Frames.Select(builder.Observe).OfType<Operation>().ToList();

        operations.Count.ShouldBe(2);
        builder.LiveFrames.ShouldBe(2);
        builder.Observe(new SessionEnded(new FrameHeader(s.LastSeq + 1, 0, 0, 0, Alice, Alice, SecurityContext.None)));
        builder.LiveFrames.ShouldBe(0);
    }

    [Fact]
    public void Finished_frames_are_released_so_a_long_session_keeps_little_state()
    {
        var s = new SessionScript();
        s.Started("db", Bob);
        s.Role(Bob, "bob");
        s.Function(MakeSummary, "bob", "make_summary", "", Bob);
        var call = s.Statement(0, 0, Bob, 1, "CALL", "CALL bob.loop()", StatementKind.Utility);
        var body = s.Entered(call, 1, Bob, MakeSummary, location: 5);
        for (var i = 0; i < 5_000; i++)
        {
            var insert = s.Statement(body, 2, Bob, 2, "INSERT", "INSERT INTO bob.summary VALUES ($1)");
            s.Finished(insert, rows: 1);
        }

        s.Exited(body);
        s.Finished(call);

        var builder = new ProvenanceBuilder(ViewSessionId);
        var peak = 0;
        var count = 0;
        foreach (var frame in s.Frames)
        {
            if (builder.Observe(frame) is not null)
            {
                count++;
            }

            peak = Math.Max(peak, builder.LiveFrames);
        }

        count.ShouldBe(5_002);
        peak.ShouldBe(3);
        builder.LiveFrames.ShouldBe(0);
    }

    [Fact]
    public void Duplicate_and_out_of_order_frames_are_skipped_and_counted()
    {
        var trace = DemoTraces.ViewAttack;
        var recorded = DemoTraces.FramesOf(trace);
        var frames = recorded.ToList();
        frames.Insert(9, frames[7]);
        frames.Insert(3, frames[1]);

        var builder = new ProvenanceBuilder(ViewSessionId);
        var operations = frames.Select(builder.Observe).OfType<Operation>().ToList();

        operations.Select(o => o.Seq).ShouldBe(ProvenanceBuilder.Build(ViewSessionId, recorded).Select(o => o.Seq));
        operations.Count.ShouldBe(3);
        builder.SkippedFrames.ShouldBe(2);
    }

    [Fact]
    public async Task Building_from_a_stream_gives_the_same_operations()
    {
        var frames = DemoTraces.FramesOf(DemoTraces.ViewAttack);

        var ct = TestContext.Current.CancellationToken;
        var streamed = await ProvenanceBuilder.BuildAsync(ViewSessionId, frames.ToAsyncEnumerable(), ct).ToListAsync(ct);
        var listed = ProvenanceBuilder.Build(ViewSessionId, frames).ToList();

        listed.Count.ShouldBe(3);
        streamed.Select(o => o.Lines()).ShouldBe(listed.Select(o => o.Lines()));
    }

    [Fact]
    public void A_version_1_call_with_no_frame_stays_alone_with_an_unknown_phase()
    {
        var s = new SessionScript();
        s.Started("db", Alice);
        s.Role(Alice, "alice", true);
        s.Function(FEvil, "mallory", "f_evil", "integer", Mallory);
        s.Entered(0, 0, Alice, FEvil, location: -2, reachedBy: "other");
        var select = s.Statement(0, 0, Alice, 1, "SELECT", "SELECT 1");
        s.Entered(select, 1, Alice, FEvil, location: 7);

        var operations = ProvenanceBuilder.Build(ViewSessionId, s.Frames).ToList();

        operations[0].Chain.Select(e => (e.Kind, e.Phase)).ShouldBe([(ChainEntryKind.Function, ChainPhase.Unknown)]);
        operations[2].Chain.Select(e => e.Phase).ShouldBe([ChainPhase.Execution, ChainPhase.Execution]);
    }

    [Fact]
    public void A_session_id_is_required()
    {
        Should.Throw<ArgumentException>(() => new ProvenanceBuilder(" "));
    }
}
