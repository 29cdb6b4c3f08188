using System.Collections.Concurrent;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Evaluation;

/// <summary>Remembers a policy's decision per chain shape (<see cref="ShapeKey"/>).</summary>
/// <remarks>
/// Looked up with the shape in a reusable buffer, so a hit allocates nothing; only a new shape is copied into the map.
/// Safe to share between threads (the built-in policies are shared). The map stops growing at
/// <see cref="Capacity"/> shapes: further new shapes are decided every time instead, which is slower but never wrong.
/// </remarks>
internal sealed class ShapeCache
{
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<ulong[], Outcome> map = new(ShapeComparer.Instance);
    private readonly ConcurrentDictionary<ulong[], Outcome>.AlternateLookup<ReadOnlySpan<ulong>> lookup;

    public ShapeCache() => lookup = map.GetAlternateLookup<ReadOnlySpan<ulong>>();

    public int Count => map.Count;

    public bool TryGet(ReadOnlySpan<ulong> shape, out Outcome outcome) => lookup.TryGetValue(shape, out outcome);

    public void Add(ReadOnlySpan<ulong> shape, Outcome outcome)
    {
        if (map.Count < Capacity)
        {
            map.TryAdd(shape.ToArray(), outcome);
        }
    }

    private sealed class ShapeComparer : IEqualityComparer<ulong[]>, IAlternateEqualityComparer<ReadOnlySpan<ulong>, ulong[]>
    {
        public static readonly ShapeComparer Instance = new();

        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<ulong> alternate, ulong[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<ulong> alternate) => Hash(alternate);

        public ulong[] Create(ReadOnlySpan<ulong> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<ulong> words)
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
