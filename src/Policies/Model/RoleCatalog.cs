using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace TraceLab.Policies.Model;

/// <summary>An immutable snapshot of the role facts recorded up to one moment of a session.</summary>
/// <remarks>
/// <para>
/// The replayer replaces its snapshot whenever a role descriptor arrives and hands the current one to every operation,
/// so each operation carries the facts as they were when it ran at the cost of sharing, not copying, the map. "As of
/// seq N" is therefore the catalog of the operation at seq N (<see cref="Operation.Roles"/>).
/// </para>
/// <para>
/// Membership questions follow the recorded <see cref="RoleFacts.MemberOf"/> lists of the latest descriptors. A role
/// the recording never described has no known memberships and does not inherit, so a chain of grants through it is
/// not followed: an undescribed link never makes two roles members of each other.
/// </para>
/// <para>
/// A catalog never changes, so the answers of <see cref="IsMember"/> are remembered per catalog: a replay asks the same
/// question for every operation between two role descriptors, and the breadth-first walk runs once.
/// </para>
/// </remarks>
public sealed class RoleCatalog
{
    /// <summary>Slots of the table of recent lookups (a power of two).</summary>
    private const int RecentSlots = 4;

    private readonly ImmutableDictionary<uint, RoleFacts> byOid;
    private ConcurrentDictionary<(uint Member, uint Role, MembershipKind Kind), bool>? answers;

    // The roles found most recently, one per slot of their oid: a replay asks for the same few roles (the session user,
    // the executor, the owners of its chains) for every operation between two role descriptors, and a slot read costs
    // less than the immutable map's lookup. Entries are immutable and replaced whole, so threads sharing a catalog see
    // one entry or another, never a mix.
    private Found?[]? recent;

    private RoleCatalog(ImmutableDictionary<uint, RoleFacts> map) => byOid = map;

    /// <summary>A catalog that knows no role.</summary>
    public static RoleCatalog Empty { get; } = new(ImmutableDictionary<uint, RoleFacts>.Empty);

    /// <summary>Number of roles described.</summary>
    public int Count => byOid.Count;

    /// <summary>The described roles in oid order.</summary>
    public IEnumerable<RoleFacts> Roles => byOid.Values.OrderBy(r => r.Oid);

    /// <summary>The facts for <paramref name="oid"/>, or <see cref="RoleFacts.Unknown"/> when none were recorded.</summary>
    /// <remarks>Asked again for the same oid, it may hand out the same object: facts are immutable.</remarks>
    public RoleFacts Find(uint oid)
    {
        var table = recent ?? Interlocked.CompareExchange(ref recent, new Found?[RecentSlots], null) ?? recent;
        ref var slot = ref table[oid & (RecentSlots - 1)];
        if (Volatile.Read(ref slot) is { } known && known.Oid == oid)
        {
            return known.Facts;
        }

        var facts = byOid.TryGetValue(oid, out var described) ? described : RoleFacts.Unknown(oid);
        Volatile.Write(ref slot, new Found(oid, facts));
        return facts;
    }

    /// <summary>A catalog with <paramref name="facts"/> added or replacing the earlier facts of the same role.</summary>
    public RoleCatalog With(RoleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new RoleCatalog(byOid.SetItem(facts.Oid, facts));
    }

    /// <summary>Whether <paramref name="member"/> is a member of <paramref name="role"/> in the sense of
    /// <paramref name="kind"/>.</summary>
    /// <remarks>A role is a <see cref="MembershipKind.Transitive"/> and <see cref="MembershipKind.Inheriting"/> member
    /// of itself (as PostgreSQL has it), never a <see cref="MembershipKind.Direct"/> one. Cycles in the recorded grants
    /// are harmless.</remarks>
    public bool IsMember(uint member, uint role, MembershipKind kind = MembershipKind.Inheriting)
    {
        if (kind == MembershipKind.Direct)
        {
            return Find(member).IsDirectMemberOf(role);
        }

        if (member == role)
        {
            return true;
        }

        var memo = answers ?? Interlocked.CompareExchange(ref answers, new(), null) ?? answers;
        if (memo.TryGetValue((member, role, kind), out var known))
        {
            return known;
        }

        var answer = MembershipsOf(member, kind).Contains(role);
        memo.TryAdd((member, role, kind), answer);
        return answer;
    }

    /// <summary>Every role <paramref name="member"/> is a member of in the sense of <paramref name="kind"/>, itself
    /// excluded, in the order a breadth-first walk of the grants meets them.</summary>
    public IReadOnlyList<uint> MembershipsOf(uint member, MembershipKind kind = MembershipKind.Inheriting)
    {
        var found = new List<uint>();
        var seen = new HashSet<uint> { member };
        var queue = new Queue<uint>();
        queue.Enqueue(member);
        while (queue.Count > 0)
        {
            var current = Find(queue.Dequeue());
            if (kind == MembershipKind.Inheriting && !current.Inherit)
            {
                continue;
            }

            foreach (var grant in current.MemberOf)
            {
                if (seen.Add(grant.RoleOid))
                {
                    found.Add(grant.RoleOid);
                    if (kind != MembershipKind.Direct)
                    {
                        queue.Enqueue(grant.RoleOid);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>A role found, as the table of recent lookups keeps it.</summary>
    private sealed record Found(uint Oid, RoleFacts Facts);
}
