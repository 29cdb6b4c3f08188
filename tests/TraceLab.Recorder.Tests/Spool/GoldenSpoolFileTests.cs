using TraceLab.Events;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Tests.Spool;

/// <summary>The spool files in <c>Golden/</c>, written by the real probe during <c>tracelab demo</c>
/// (regenerate with scripts/make-golden-spool.sh), decode completely and say what the probe recorded.</summary>
public sealed class GoldenSpoolFileTests
{
    private static readonly string GoldenDirectory = Path.Combine(AppContext.BaseDirectory, "Golden");

    public static TheoryData<string> GoldenFiles() => ["attack-view", "attack-trigger", "benign"];

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Reads_the_golden_spool_file_completely(string name)
    {
        var file = Path.Combine(GoldenDirectory, name + SpoolFileReader.FileExtension);
        var blocks = new SpoolFileReader(file).ReadBlocks().ToList();
        var events = blocks.SelectMany(b => b.Events).ToList();

        blocks.ShouldNotBeEmpty();
        blocks[^1].EndOffset.ShouldBe(new FileInfo(file).Length, "the file ends in a torn block");
        var started = events[0].ShouldBeOfType<SessionStarted>();
        started.FormatVersion.ShouldBe(SpoolFileReader.FrameFormatVersion);
        started.ApplicationName.ShouldBe("tracelab-demo:" + name);
        started.Database.ShouldBe("tracelab_demo");
        started.HookMode.ShouldBe("user");
        events.Select(e => e.Frame.Seq).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events[^1].ShouldBeOfType<SessionEnded>();
    }

    [Fact]
    public void The_view_attack_records_the_views_the_function_and_the_nested_alter_role()
    {
        var events = Read("attack-view");
        var roles = events.OfType<RoleDescribed>().ToDictionary(r => r.Name);
        roles["alice"].Superuser.ShouldBeTrue();
        roles["mallory"].Superuser.ShouldBeFalse();
        var views = events.OfType<RelationDescribed>().ToDictionary(r => r.Name);
        views["v_bait"].OwnerOid.ShouldBe(roles["mallory"].RoleOid);
        var evil = events.OfType<FunctionDescribed>().Single(f => f.Name == "f_evil");
        evil.Arguments.ShouldBe("integer");
        evil.Language.ShouldBe("plpgsql");

        var analyzed = events.OfType<QueryAnalyzed>().Single(q => q.Views.Count > 0);
        analyzed.Text.ShouldBe("SELECT * FROM mallory.v_bait");
        analyzed.Relations.ShouldNotBeNull().Select(r => r.Target).ShouldBe([false], "v_inner reads mallory.t_data");
        analyzed.Views.Select(v => (v.ViewOid, v.ParentIndex)).ShouldBe(
            [(views["v_bait"].RelationOid, -1), (views["v_inner"].RelationOid, 0)]);
        analyzed.Views[1].FunctionOids.ShouldBe([evil.FunctionOid]);

        var select = events.OfType<StatementStarted>().First();
        select.Text.ShouldBe("SELECT * FROM mallory.v_bait");
        select.QueryId.ShouldBe(analyzed.QueryId);
        select.Frame.Depth.ShouldBe(0);
        var call = events.OfType<FunctionEntered>().Single();
        call.FunctionOid.ShouldBe(evil.FunctionOid);
        call.Location.ShouldBe(-1);
        call.Frame.Parent.ShouldBe(select.Frame.Seq);
        call.Frame.CurrentUser.ShouldBe(roles["alice"].RoleOid);
        call.Phase.ShouldBe("execution");
        var alter = events.OfType<StatementStarted>().Single(s => s.CommandTag == "ALTER ROLE");
        alter.Kind.ShouldBe(StatementKind.Utility);
        alter.Context.ShouldBe(StatementContext.Query);
        alter.Frame.Parent.ShouldBe(call.Frame.Seq);
        alter.Frame.Depth.ShouldBe(2);
        events.OfType<TransactionEnded>().Single().Outcome.ShouldBe(TransactionOutcome.Committed);
    }

    [Fact]
    public void The_trigger_attack_records_the_trigger_context_through_the_trampoline()
    {
        var events = Read("attack-trigger");
        var insert = events.OfType<StatementStarted>().First();
        insert.CommandTag.ShouldBe("INSERT");
        var table = events.OfType<RelationDescribed>().Single();
        table.Name.ShouldBe("t_orders");
        var call = events.OfType<FunctionEntered>().Single();
        call.ReachedBy.ShouldBe("trigger");
        call.Location.ShouldBe(-2);
        call.Frame.Parent.ShouldBe(insert.Frame.Seq);
        var trigger = call.Trigger.ShouldNotBeNull();
        trigger.Name.ShouldBe("trg_orders");
        trigger.RelationOid.ShouldBe(table.RelationOid);
        (trigger.Timing, trigger.Level, trigger.Event).ShouldBe(("B", "R", "I"));
        call.Phase.ShouldBe("execution");
        events.OfType<FunctionDescribed>().Single().Role.ShouldBe("trigger");
        events.OfType<StatementStarted>().Single(s => s.CommandTag == "ALTER ROLE").Frame.Parent.ShouldBe(call.Frame.Seq);
    }

    [Fact]
    public void The_benign_session_records_bobs_own_function_creating_a_table()
    {
        var events = Read("benign");
        var bob = events.OfType<RoleDescribed>().Single(r => r.Name == "bob");
        bob.Superuser.ShouldBeFalse();
        var function = events.OfType<FunctionDescribed>().Single();
        function.OwnerOid.ShouldBe(bob.RoleOid);
        var create = events.OfType<StatementStarted>().Single(s => s.CommandTag == "CREATE TABLE");
        create.Frame.Parent.ShouldBe(events.OfType<FunctionEntered>().Single().Frame.Seq);
        create.Frame.CurrentUser.ShouldBe(bob.RoleOid);
    }

    private static List<IRecordedFrame> Read(string name) =>
        [.. new SpoolFileReader(Path.Combine(GoldenDirectory, name + SpoolFileReader.FileExtension)).ReadBlocks().SelectMany(b => b.Events)];
}
