using TraceLab.Statistics;

namespace TraceLab.Recorder.Tests.Statistics;

public sealed class ShapeStatisticsMergeTests
{
    private const string Shape = "SELECT: statement(executor)";

    [Fact]
    public void A_new_shape_is_stored_as_counted()
    {
        var added = Stats(Count("alice", "db", 3, first: 10, last: 20, session: "1-1"));

        ShapeStatisticsMerge.Merge(null, added).ShouldBe(added);
    }

    [Fact]
    public void Counts_of_one_role_and_database_add_up_and_keep_the_earliest_example()
    {
        var stored = Stats(Count("alice", "db", 3, first: 10, last: 20, session: "2-2"));
        var added = Stats(Count("alice", "db", 2, first: 5, last: 15, session: "1-1"));

        var merged = ShapeStatisticsMerge.Merge(stored, added);

        merged.Operations.ShouldBe(5);
        merged.Counts.ShouldBe([new ShapeCount("alice", "db", 5, 2, 5, 20, "1-1")]);
    }

    [Fact]
    public void Other_roles_and_databases_get_rows_of_their_own_in_order()
    {
        var stored = Stats(Count("bob", "db", 1, 1, 1, "1-1"));
        var added = Stats(Count("alice", "db", 1, 2, 2, "2-2"), Count("bob", "other", 4, 3, 3, "2-2"));

        var merged = ShapeStatisticsMerge.Merge(stored, added);

        merged.Counts.Select(c => (c.Role, c.Database, c.Operations)).ShouldBe([("alice", "db", 1L), ("bob", "db", 1L), ("bob", "other", 4L)]);
        merged.Operations.ShouldBe(6);
    }

    [Fact]
    public void Merging_is_independent_of_order()
    {
        var a = Stats(Count("alice", "db", 1, first: 7, last: 9, session: "2-2"));
        var b = Stats(Count("alice", "db", 2, first: 7, last: 8, session: "1-1"));
        var c = Stats(Count("bob", "db", 1, first: 1, last: 1, session: "3-3"));

        var one = ShapeStatisticsMerge.Merge(ShapeStatisticsMerge.Merge(a, b), c);
        var other = ShapeStatisticsMerge.Merge(ShapeStatisticsMerge.Merge(c, b), a);

        other.Operations.ShouldBe(one.Operations);
        other.Counts.ShouldBe(one.Counts);
        one.Counts[0].ExampleSession.ShouldBe("1-1", "a tie on the first time goes to the smaller session id");
    }

    [Fact]
    public void Counts_of_another_shape_are_refused()
    {
        var other = Stats(Count("alice", "db", 1, 1, 1, "1-1")) with { Id = "INSERT: statement(executor)" };

        Should.Throw<ArgumentException>(() => ShapeStatisticsMerge.Merge(Stats(), other));
    }

    private static ChainShapeStatistics Stats(params ShapeCount[] counts) => new()
    {
        Id = Shape,
        Command = "SELECT",
        Operations = counts.Sum(c => c.Operations),
        Counts = counts,
    };

    private static ShapeCount Count(string role, string database, long operations, long first, long last, string session) =>
        new(role, database, operations, 1, first, last, session);
}
