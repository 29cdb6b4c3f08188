using System.Runtime.CompilerServices;
using TraceLab.Policies;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Shapes;

/// <summary>Groups operations by <see cref="ChainShape"/> while they stream past, keeping at most a fixed number of
/// shapes.</summary>
/// <remarks>
/// A shape is looked up by a compact code (one 16-bit word per entry: kind, owner relation and whether the entry was
/// inlined) held in a stack buffer,
/// so an operation of a known shape allocates nothing. Once the limit is reached, operations of new shapes are counted
/// in one <see cref="ChainShape.Other"/> bucket: memory is bounded by the limit, not by the trace. The result lists the
/// shapes some policy blocked an operation of first, then those some policy warned about, then the rest; each group by
/// number of operations, most first, ties by <see cref="ChainShape.Text"/> (ordinal); the other bucket last: the same
/// input always gives the same list.
/// </remarks>
internal sealed class ShapeTally
{
    private const int StackEntries = 64;

    /// <summary>Above the kind (bits 3–7) and the owner relation (bits 0–2) of an entry's code.</summary>
    private const int InlinedBit = 1 << 8;

    /// <summary>Slots of the table of recent shapes (a power of two).</summary>
    private const int RecentSlots = 16;

    private readonly IReadOnlyList<string> policies;
    private readonly int maxShapes;
    private readonly Dictionary<ShapeKey, Tally> shapes = new(ShapeKeyComparer.Instance);

    // In front of the map, the shapes found most recently, one per slot of a cheap hash: a replay counts the same few
    // shapes over and over, and a slot read and a comparison cost less than hashing the command for the map.
    private readonly Tally?[] recent = new Tally?[RecentSlots];
    private readonly Dictionary<ShapeKey, Tally>.AlternateLookup<ShapeProbe> lookup;
    private Tally? other;

    public ShapeTally(IReadOnlyList<string> policies, int maxShapes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxShapes);
        this.policies = policies;
        this.maxShapes = maxShapes;
        lookup = shapes.GetAlternateLookup<ShapeProbe>();
    }

    /// <summary>Distinct shapes kept so far.</summary>
    public int Count => shapes.Count;

    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReplayedOperation replayed)
    {
        var operation = replayed.Operation;
        var chain = operation.Chain;
        var code = chain.Count <= StackEntries ? stackalloc ushort[chain.Count] : new ushort[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            var relation = OwnerRelations.Of(chain[i].Owner, operation.Executor, operation.Roles);
            code[i] = (ushort)(((int)chain[i].Kind << 3) | (int)relation | (chain[i].Inlined ? InlinedBit : 0));
        }

        ref var slot = ref recent[RecentSlot(operation.Command, code)];
        if (slot is { Key: { } known } hit && known.Command == operation.Command && code.SequenceEqual(known.Code))
        {
            hit.Count(replayed);
            return;
        }

        var probe = new ShapeProbe(operation.Command, code);
        if (!lookup.TryGetValue(probe, out var tally))
        {
            if (shapes.Count < maxShapes)
            {
                var key = new ShapeKey(operation.Command, code.ToArray());
                tally = new Tally(key, replayed, policies.Count);
                shapes.Add(key, tally);
            }
            else
            {
                tally = other ??= new Tally(null, replayed, policies.Count);
            }
        }

        if (tally.Key is not null)
        {
            slot = tally;
        }

        tally.Count(replayed);
    }

    /// <summary>The slot of the table of recent shapes for a shape: from the command's length and the code, not the
    /// command's characters.</summary>
    private static int RecentSlot(string command, ReadOnlySpan<ushort> code)
    {
        var hash = (uint)command.Length;
        foreach (var word in code)
        {
            hash = unchecked((hash * 31) + word);
        }

        return (int)((hash ^ (hash >> 7)) & (RecentSlots - 1));
    }

    public IReadOnlyList<ShapeSummary> Build()
    {
        var summaries = shapes.Values.Select(t => t.Summarize(policies)).ToList();
        summaries.Sort((a, b) => Rank(a) != Rank(b) ? Rank(a).CompareTo(Rank(b))
            : a.Operations != b.Operations ? b.Operations.CompareTo(a.Operations)
            : string.CompareOrdinal(a.Shape.Text, b.Shape.Text));
        if (other is not null)
        {
            summaries.Add(other.Summarize(policies));
        }

        return summaries;
    }

    /// <summary>Shapes some policy blocked come first, then shapes some policy warned about, then the rest: a report
    /// that lists only the first shapes never hides one a policy acted on behind frequent harmless ones.</summary>
    private static int Rank(ShapeSummary shape) =>
        shape.Policies.Any(p => p.Blocked > 0) ? 0 : shape.Policies.Any(p => p.Warned > 0) ? 1 : 2;

    private sealed class Tally(ShapeKey? key, ReplayedOperation example, int policyCount)
    {
        private readonly OutcomeCounter counter = new(policyCount);

        /// <summary>The shape counted here; <c>null</c> for the other shapes' bucket.</summary>
        public ShapeKey? Key { get; } = key;

        public void Count(ReplayedOperation replayed) => counter.Add(replayed);

        public ShapeSummary Summarize(IReadOnlyList<string> policies)
        {
            var shape = Key is null
                ? ChainShape.Other
                : new ChainShape(
                    Key.Command,
                    [.. Key.Code.Select(c => ReportNames.Of((ChainEntryKind)((c >> 3) & 0x1F)))],
                    [.. Key.Code.Select(c => OwnerRelations.NameOf((OwnerRelation)(c & 7)))])
                {
                    Inlined = [.. Key.Code.Select((c, i) => (c & InlinedBit) != 0 ? i : -1).Where(i => i >= 0)],
                };
            return new ShapeSummary(shape, counter.Operations, counter.Of(policies), example);
        }
    }

    private sealed class ShapeKey(string command, ushort[] code)
    {
        public string Command { get; } = command;

        public ushort[] Code { get; } = code;

        public int Hash { get; } = ShapeKeyComparer.Hash(command, code);
    }

    private readonly ref struct ShapeProbe(string command, ReadOnlySpan<ushort> code)
    {
        public string Command { get; } = command;

        public ReadOnlySpan<ushort> Code { get; } = code;
    }

    private sealed class ShapeKeyComparer : IEqualityComparer<ShapeKey>, IAlternateEqualityComparer<ShapeProbe, ShapeKey>
    {
        public static readonly ShapeKeyComparer Instance = new();

        public bool Equals(ShapeKey? x, ShapeKey? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.Command == y.Command && x.Code.AsSpan().SequenceEqual(y.Code));

        public int GetHashCode(ShapeKey obj) => obj.Hash;

        public bool Equals(ShapeProbe alternate, ShapeKey other) =>
            alternate.Command == other.Command && alternate.Code.SequenceEqual(other.Code);

        public int GetHashCode(ShapeProbe alternate) => Hash(alternate.Command, alternate.Code);

        public ShapeKey Create(ShapeProbe alternate) => new(alternate.Command, alternate.Code.ToArray());

        public static int Hash(string command, ReadOnlySpan<ushort> code)
        {
            var hash = new HashCode();
            hash.Add(command, StringComparer.Ordinal);
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(code));
            return hash.ToHashCode();
        }
    }
}
