using TraceLab.Policies;
using TraceLab.Replayer.Shapes;
using TraceLab.Replayer.Tests.Support;

namespace TraceLab.Replayer.Tests.Shapes;

public sealed class ShapeTallyTests
{
    private const uint Alice = 10;
    private const uint Admin = 11;
    private const uint Team = 16390;
    private const uint Mallory = 16384;
    private const uint Stranger = 16399;
    private const uint FOwn = 16500;
    private const uint FAdmin = 16501;
    private const uint FTeam = 16502;
    private const uint FMallory = 16503;
    private const uint FStranger = 16504;

    /// <summary>alice (a member of team, not a superuser) calls functions of herself, a superuser, team, mallory and a
    /// role the recording never described.</summary>
    private static SessionScript OwnersSession(int repeat)
    {
        var s = new SessionScript();
        s.Started2("tracelab_test", Alice);
        s.Role(Alice, "alice", false, Team);
        s.Role(Admin, "admin", superuser: true);
        s.Role(Team, "team");
        s.Role(Mallory, "mallory");
        s.Function(FOwn, "alice", "own", "", Alice);
        s.Function(FAdmin, "admin", "adm", "", Admin);
        s.Function(FTeam, "team", "shared", "", Team);
        s.Function(FMallory, "mallory", "evil", "", Mallory);
        s.Function(FStranger, "x", "unknown", "", Stranger);
        for (var i = 0; i < repeat; i++)
        {
            var select = s.Statement(0, 0, Alice, 1, "SELECT", "SELECT f()");
            foreach (var function in new[] { FOwn, FAdmin, FTeam, FMallory, FStranger })
            {
                s.Exited(s.Entered(select, 1, Alice, function, location: 7));
            }

            s.Finished(select);
            s.TransactionEnded();
        }

        var alter = s.Statement(0, 0, Alice, 2, "SELECT", "SELECT mallory.evil()");
        var evil = s.Entered(alter, 1, Alice, FMallory, location: 7);
        s.Finished(s.Utility(evil, 2, Alice, 3, "ALTER ROLE", "ALTER ROLE mallory SUPERUSER"));
        s.Exited(evil);
        s.Finished(alter);
        s.TransactionEnded();
        return s;
    }

    [Fact]
    public async Task Groups_operations_by_command_entry_kinds_and_owner_relations()
    {
        var engine = new ReplayEngine([BuiltInPolicies.Permissive, TestPolicy.Blocking("no-alter-role", "ALTER ROLE")]);

        var report = await engine.ReplayAsync([OwnersSession(3).ToSession()], TestContext.Current.CancellationToken);

        report.Shapes.Select(s => (s.Shape.Text, s.Operations)).ShouldBe(
        [
            // The only shape a policy blocked comes first, however rare
            ("ALTER ROLE: statement(executor) > function(other) > utility(other)", 1L),

            // mallory.evil is called by each of the three SELECTs and once more by the last statement: four calls,
            // tied with the four SELECTs; ties are ordered by shape text (ordinal), whatever order operations came in
            ("EXECUTE FUNCTION: statement(executor) > function(other)", 4L),
            ("SELECT: statement(executor)", 4L),
            ("EXECUTE FUNCTION: statement(executor) > function(executor)", 3L),
            ("EXECUTE FUNCTION: statement(executor) > function(member)", 3L),
            ("EXECUTE FUNCTION: statement(executor) > function(superuser)", 3L),
            ("EXECUTE FUNCTION: statement(executor) > function(unknown)", 3L),
        ]);
        var alter = report.Shapes[0];
        alter.Shape.ShouldBe(alter.Shape with { Command = "ALTER ROLE" });
        alter.Shape.Kinds.ShouldBe(["statement", "function", "utility"]);
        alter.Shape.Owners.ShouldBe(["executor", "other", "other"]);
        alter.Policies.ShouldBe([new PolicyCounts("permissive", 1, 0), new PolicyCounts("no-alter-role", 0, 1)]);
        alter.Example.Operation.Command.ShouldBe("ALTER ROLE");
    }

    [Fact]
    public async Task Blocked_shapes_come_first_then_warned_ones_then_the_most_frequent()
    {
        var engine = new ReplayEngine(
        [
            TestPolicy.Warning("warn-select", "SELECT"),
            TestPolicy.BlockingCalls("no-evil", "mallory.evil"),
        ]);

        var report = await engine.ReplayAsync([OwnersSession(3).ToSession()], TestContext.Current.CancellationToken);

        var ranks = report.Shapes.Select(s => s.Policies.Any(p => p.Blocked > 0) ? 0 : s.Policies.Any(p => p.Warned > 0) ? 1 : 2).ToList();
        ranks.ShouldBeInOrder(SortDirection.Ascending);
        ranks.ShouldContain(0);
        ranks.ShouldContain(1);
        ranks.ShouldContain(2);
        report.Shapes[0].Shape.Text.ShouldBe("EXECUTE FUNCTION: statement(executor) > function(other)");
        report.Shapes.First(s => !s.Policies.Any(p => p.Blocked > 0)).Shape.Text.ShouldBe("SELECT: statement(executor)");
    }

    [Fact]
    public async Task Evil_function_calls_are_counted_with_their_outcomes()
    {
        var engine = new ReplayEngine([TestPolicy.BlockingCalls("no-evil", "mallory.evil")]);

        var report = await engine.ReplayAsync([OwnersSession(2).ToSession()], TestContext.Current.CancellationToken);

        var other = report.Shapes.Single(s => s.Shape.Text == "EXECUTE FUNCTION: statement(executor) > function(other)");
        other.Operations.ShouldBe(3);
        other.Policies.Single().ShouldBe(new PolicyCounts("no-evil", 0, 3));
        var unknown = report.Shapes.Single(s => s.Shape.Text == "EXECUTE FUNCTION: statement(executor) > function(unknown)");
        unknown.Policies.Single().ShouldBe(new PolicyCounts("no-evil", 0, 0, NotReached: 2));
        report.Shapes.Single(s => s.Shape.Command == "ALTER ROLE").Policies.Single().NotReached.ShouldBe(1);
        unknown.Example.Operation.Seq.ShouldBeLessThan(report.Operations.Last(o => o.Operation.Command == "EXECUTE FUNCTION").Operation.Seq);
    }

    [Fact]
    public void Orders_by_count_then_shape_text_and_keeps_the_first_operation_as_example()
    {
        var operations = Replays.Operations(OwnersSession(2));
        var engine = new ReplayEngine([BuiltInPolicies.Permissive]);
        var tally = new ShapeTally(engine.PolicyNames, 100);

        foreach (var operation in operations.AsEnumerable().Reverse())
        {
            tally.Add(engine.Evaluate(operation));
        }

        var shapes = tally.Build();
        shapes.Select(s => s.Operations).ShouldBeInOrder(SortDirection.Descending);
        var ties = shapes.Where(s => s.Operations == 2).Select(s => s.Shape.Text).ToList();
        ties.ShouldBe([.. ties.Order(StringComparer.Ordinal)]);
        shapes.Single(s => s.Shape.Command == "SELECT").Example.Operation.Seq.ShouldBe(operations.Last(o => o.Command == "SELECT").Seq);
    }

    [Fact]
    public void Shapes_beyond_the_limit_go_to_one_other_bucket_listed_last()
    {
        var operations = Replays.Operations(OwnersSession(2));
        var engine = new ReplayEngine([BuiltInPolicies.Permissive]);
        var tally = new ShapeTally(engine.PolicyNames, 2);

        foreach (var operation in operations)
        {
            tally.Add(engine.Evaluate(operation));
        }

        var shapes = tally.Build();
        tally.Count.ShouldBe(2);
        shapes.Count.ShouldBe(3);
        shapes[^1].Shape.ShouldBeSameAs(ChainShape.Other);
        shapes[^1].Shape.IsOther.ShouldBeTrue();
        shapes[^1].Shape.Text.ShouldBe("(other shapes)");
        shapes[^1].Operations.ShouldBe(operations.Count - shapes[0].Operations - shapes[1].Operations);
        shapes.Take(2).ShouldAllBe(s => !s.Shape.IsOther);
    }

    [Fact]
    public async Task A_limit_of_zero_counts_everything_as_other()
    {
        var engine = new ReplayEngine([BuiltInPolicies.Permissive]);
        var writer = new RecordingWriter();

        var footer = await engine.RunAsync(
            [OwnersSession(1).ToSession()], [writer], new ReplayOptions { MaxShapes = 0 }, TestContext.Current.CancellationToken);

        footer.Shapes.Single().Shape.IsOther.ShouldBeTrue();
        footer.Shapes.Single().Operations.ShouldBe(footer.Summary.Operations);
    }

    [Fact]
    public async Task Membership_follows_inheritance_through_recorded_grants()
    {
        // Given: alice is a member of team, team of ops (both inherit); ops owns a function
        const uint Ops = 16391;
        const uint FOps = 16505;
        var s = new SessionScript();
        s.Started2("tracelab_test", Alice);
        s.Role(Alice, "alice", false, Team);
        s.Role(Team, "team", false, Ops);
        s.Role(Ops, "ops");
        s.Function(FOps, "ops", "f", "", Ops);
        var select = s.Statement(0, 0, Alice, 1, "SELECT", "SELECT ops.f()");
        s.Exited(s.Entered(select, 1, Alice, FOps, location: 7));
        s.Finished(select);

        var report = await new ReplayEngine([]).ReplayAsync([s.ToSession()], TestContext.Current.CancellationToken);

        report.Shapes.Select(x => x.Shape.Text).ShouldContain("EXECUTE FUNCTION: statement(executor) > function(member)");
    }
}
