using System.Runtime.CompilerServices;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>The verdict arrays of operations every policy allowed, one per combination of outcomes, shared between the
/// operations of a session.</summary>
/// <remarks>Nearly every operation of a trace is allowed by every policy with the same outcomes, and an array of
/// verdicts per operation was a large share of what a replay allocated. Arrays handed out here are never written
/// again (operations only read their verdicts). A combination is a key of 3 bits per policy; the table stops growing at
/// <see cref="Capacity"/> combinations, after which arrays are copied as before.</remarks>
internal sealed class SharedVerdicts
{
    /// <summary>Policies a key has room for.</summary>
    public const int MaxPolicies = 21;

    /// <summary>The key of verdicts that cannot be shared (one carries text, or there are too many policies).</summary>
    public const ulong NotShared = ulong.MaxValue;

    private const int Capacity = 256;

    private readonly Dictionary<ulong, PolicyVerdict[]> arrays = [];

    /// <summary><paramref name="key"/> with policy <paramref name="policy"/>'s outcome added.</summary>
    public static ulong With(ulong key, int policy, Outcome outcome) =>
        key == NotShared ? NotShared : key | ((ulong)outcome << (3 * policy));

    /// <summary>The verdicts in <paramref name="verdicts"/> (a scratch array the caller reuses) as an array of their
    /// own: the shared one for <paramref name="key"/>, or a copy.</summary>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PolicyVerdict[] Of(ulong key, PolicyVerdict[] verdicts)
    {
        if (key != NotShared && arrays.TryGetValue(key, out var known))
        {
            return known;
        }

        var copy = (PolicyVerdict[])verdicts.Clone();
        if (key != NotShared && arrays.Count < Capacity)
        {
            arrays.Add(key, copy);
        }

        return copy;
    }
}
