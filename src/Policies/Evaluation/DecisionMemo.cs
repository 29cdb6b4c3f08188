using System.Runtime.CompilerServices;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Evaluation;

/// <summary>The outcomes several compiled policies gave recent operations, found again by the operations' facts
/// (<see cref="DecisionFacts"/>): an operation whose facts equal a remembered one's gets its outcomes without any
/// policy encoding its chain.</summary>
/// <remarks>
/// <para>A replay judges every operation under every policy, and a session's operations repeat a few shapes over and
/// over (a pgbench session calls one function a million times): one hash and one comparison per operation here stand
/// for one shape encoded and looked up per policy. Each policy's own cache (<see cref="ShapeCache"/>) still answers the
/// operations found nowhere here.</para>
/// <para>A table of <see cref="Slots"/> entries, one per slot of their hash, an entry replacing whatever held its slot:
/// memory stays bounded whatever the stream. Role facts change only with a new catalog, and facts include the catalog,
/// so the entries of the old one can never match again: the table is emptied when the catalog changes, so it holds no
/// stale catalog alive.</para>
/// <para>Not safe for concurrent use: one per stream of operations (a session's replay).</para>
/// </remarks>
internal sealed class DecisionMemo
{
    public const int Slots = 256;

    private readonly Entry?[] table = new Entry?[Slots];
    private RoleCatalog? roles;

    /// <summary>Operations whose decisions were found (for tests).</summary>
    public long Hits { get; private set; }

    /// <summary>The decisions remembered for operations with the facts of <paramref name="operation"/>, or <c>null</c>;
    /// <paramref name="hash"/> is then what <see cref="Remember"/> takes.</summary>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PolicyDecisions? Find(Operation operation, out int hash)
    {
        if (!ReferenceEquals(roles, operation.Roles))
        {
            Array.Clear(table);
            roles = operation.Roles;
        }

        hash = DecisionFacts.Hash(operation);
        if (table[hash & (Slots - 1)] is { } entry && entry.Hash == hash && entry.Facts.Matches(operation))
        {
            Hits++;
            return entry.Decisions;
        }

        return null;
    }

    /// <summary>Remembers <paramref name="decisions"/> for operations with the facts of <paramref name="operation"/>,
    /// whose <see cref="Find"/> gave <paramref name="hash"/>.</summary>
    public void Remember(Operation operation, int hash, PolicyDecisions decisions) =>
        table[hash & (Slots - 1)] = new Entry(hash, new DecisionFacts(operation), decisions);

    private sealed record Entry(int Hash, DecisionFacts Facts, PolicyDecisions Decisions);
}
