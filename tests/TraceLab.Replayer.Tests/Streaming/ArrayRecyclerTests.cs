using TraceLab.Replayer.Streaming;

namespace TraceLab.Replayer.Tests.Streaming;

/// <summary>Arrays handed back are reused cleared, and no more than the capacity wait.</summary>
public sealed class ArrayRecyclerTests
{
    [Fact]
    public void A_returned_array_comes_back_cleared()
    {
        var recycler = new ArrayRecycler<string>(4, 2);
        var array = recycler.Rent();
        array[0] = "a";
        array[1] = "b";

        recycler.Return(array, 2);
        var again = recycler.Rent();

        again.ShouldBeSameAs(array);
        again.ShouldAllBe(s => s == null);
    }

    [Fact]
    public void Arrays_beyond_the_capacity_or_of_another_length_are_not_kept()
    {
        var recycler = new ArrayRecycler<int>(4, 1);
        var (a, b) = (recycler.Rent(), recycler.Rent());

        recycler.Return(a, 0);
        recycler.Return(b, 0);
        recycler.Return(new int[3], 0);

        recycler.Rent().ShouldBeSameAs(a);
        var fresh = recycler.Rent();
        fresh.ShouldNotBeSameAs(b);
        fresh.Length.ShouldBe(4);
    }
}
