using TraceLab.Events;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>The objects that do not exist under one policy because the statement that created them did not happen
/// under it (SEMANTICS.md, "Objects a policy prevents").</summary>
/// <remarks>
/// <para>
/// An object is missing when its <see cref="ObjectChanged"/> <c>create</c> belongs to an operation the policy did not
/// let happen, or to a transaction (or EXCEPTION block) that a block or a failure under the policy rolled back. A
/// prepared statement is missing when its PREPARE did not happen (PREPARE is not transactional: a rolled-back
/// transaction keeps it). Objects are known by oid: the probe cannot name an object at its creation (the new catalog
/// row is not visible yet), but it records the schema a new object is created in (probe 0.7), so creating an object in
/// a missing schema fails.
/// </para>
/// <para>State: the missing oids and PREPAREs of the session (bounded by what it created), and the objects created in
/// the open transaction, at most <see cref="MaxCreatedPerTransaction"/> (beyond that, the oldest are forgotten: a
/// rollback does not make them missing).</para>
/// </remarks>
internal sealed class MissingObjects
{
    /// <summary>Objects of the open transaction remembered for a rollback.</summary>
    public const int MaxCreatedPerTransaction = 10_000;

    private readonly HashSet<uint> oids = [];
    private readonly HashSet<long> prepares = [];
    private readonly List<Created> created = [];

    /// <summary>Whether nothing is missing: nothing can fail.</summary>
    public bool IsEmpty => oids.Count == 0 && prepares.Count == 0;

    /// <summary>An object was created at <paramref name="seq"/>; <paramref name="happened"/> when the statement that
    /// created it happened under the policy.</summary>
    public void Create(long seq, ObjectChanged change, bool happened)
    {
        if (!happened)
        {
            Add(change.ObjectOid);
            return;
        }

        if (created.Count == MaxCreatedPerTransaction)
        {
            created.RemoveAt(0);
        }

        created.Add(new Created(seq, change.ObjectOid));
    }

    /// <summary>The PREPARE at <paramref name="seq"/> did not happen: its statement does not exist.</summary>
    public void PrepareMissing(long seq) => prepares.Add(seq);

    /// <summary>A block or failure rolled back what the transaction created from <paramref name="sinceSeq"/> on (1:
    /// the whole transaction).</summary>
    public void RolledBack(long sinceSeq)
    {
        var kept = 0;
        for (var i = 0; i < created.Count; i++)
        {
            var item = created[i];
            if (item.Seq >= sinceSeq)
            {
                Add(item.Oid);
            }
            else
            {
                created[kept++] = item;
            }
        }

        created.RemoveRange(kept, created.Count - kept);
    }

    /// <summary>The transaction ended as recorded: what it created stays.</summary>
    public void TransactionEnded() => created.Clear();

    /// <summary>The session ended.</summary>
    public void Clear()
    {
        oids.Clear();
        prepares.Clear();
        created.Clear();
    }

    /// <summary>Whether <paramref name="oid"/> is missing.</summary>
    public bool Has(uint oid) => oid != 0 && oids.Contains(oid);

    /// <summary>Whether the PREPARE at <paramref name="seq"/> did not happen.</summary>
    public bool HasPrepare(long seq) => prepares.Contains(seq);

    /// <summary>Whether <paramref name="change"/> is about a missing object, or creates one in a missing schema.</summary>
    public bool Refers(ObjectChanged change) => Has(change.ObjectOid) || Has(change.NamespaceOid);

    /// <summary>Whether some relation of <paramref name="targets"/> is missing.</summary>
    public bool HasAny(IReadOnlyList<uint>? targets)
    {
        if (targets is null)
        {
            return false;
        }

        foreach (var oid in targets)
        {
            if (Has(oid))
            {
                return true;
            }
        }

        return false;
    }

    private void Add(uint oid)
    {
        if (oid != 0)
        {
            oids.Add(oid);
        }
    }

    private readonly record struct Created(long Seq, uint Oid);
}
