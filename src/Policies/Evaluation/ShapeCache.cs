using System.Collections.Concurrent;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Evaluation;

/// <summary>Remembers a policy's decision per chain shape (<see cref="ShapeKey"/>).</summary>
/// <remarks>
/// Looked up with the shape in a reusable buffer, so a hit allocates nothing; only a new shape is copied into the map.
/// Safe to share between threads (the built-in policies are shared). The map stops growing at
/// <see cref="Capacity"/> shapes: further new shapes are decided every time instead, which is slower but never wrong.
/// <para>In front of the map, a small table holds the shapes found most recently, one per slot of their hash: a replay
/// asks about the same few shapes over and over, and a slot read and a comparison cost less than the concurrent
/// map's lookup. Its entries are immutable and replaced whole, so threads sharing it see one entry or another, never
/// a mix.</para>
/// </remarks>
internal sealed class ShapeCache
{
    public const int Capacity = 100_000;

    private const int RecentSlots = 64;

    private readonly ConcurrentDictionary<ulong[], Recent> map = new(ShapeComparer.Instance);
    private readonly ConcurrentDictionary<ulong[], Recent>.AlternateLookup<ReadOnlySpan<ulong>> lookup;
    private readonly Recent?[] recent = new Recent?[RecentSlots];

    public ShapeCache() => lookup = map.GetAlternateLookup<ReadOnlySpan<ulong>>();

    public int Count => map.Count;

    public bool TryGet(ReadOnlySpan<ulong> shape, out Outcome outcome)
    {
        ref var slot = ref recent[ShapeComparer.Hash(shape) & (RecentSlots - 1)];
        if (Volatile.Read(ref slot) is { } known && shape.SequenceEqual(known.Shape))
        {
            outcome = known.Outcome;
            return true;
        }

        if (!lookup.TryGetValue(shape, out var found))
        {
            outcome = default;
            return false;
        }

        Volatile.Write(ref slot, found);
        outcome = found.Outcome;
        return true;
    }

    public void Add(ReadOnlySpan<ulong> shape, Outcome outcome)
    {
        if (map.Count < Capacity)
        {
            var key = shape.ToArray();
            map.TryAdd(key, new Recent(key, outcome));
        }
    }

    /// <summary>A shape and its outcome, as the map holds them and the table of recent shapes shares them.</summary>
    private sealed record Recent(ulong[] Shape, Outcome Outcome);

    private sealed class ShapeComparer : IEqualityComparer<ulong[]>, IAlternateEqualityComparer<ReadOnlySpan<ulong>, ulong[]>
    {
        public static readonly ShapeComparer Instance = new();

        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<ulong> alternate, ulong[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<ulong> alternate) => Hash(alternate);

        public ulong[] Create(ReadOnlySpan<ulong> alternate) => alternate.ToArray();

        public static int Hash(ReadOnlySpan<ulong> words)
        {
            var hash = 0xCBF29CE484222325UL;
            foreach (var word in words)
            {
                hash = unchecked((hash ^ word) * 0x9E3779B97F4A7C15UL);
                hash ^= hash >> 29;
            }

            return unchecked((int)(hash ^ (hash >> 32)));
        }
    }
}

/// <summary>What a policy decided for a shape: the decision, the culprit's index in the chain (-1 for none) and the
/// deciding rule's index (-1 for the default).</summary>
internal readonly record struct Outcome(Decision Decision, int Culprit, int Rule);
