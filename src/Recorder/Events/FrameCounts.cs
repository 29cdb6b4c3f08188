namespace TraceLab.Events;

/// <summary>Arithmetic on frame counts a listing sums up.</summary>
public static class FrameCounts
{
    /// <summary><paramref name="a"/> + <paramref name="b"/>, saturated at <see cref="long.MaxValue"/>: one nonsensical
    /// recorded count must not break a whole listing with an overflow.</summary>
    public static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
