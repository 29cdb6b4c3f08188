using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>The roles whose recorded changes did not happen under one policy, with the facts they kept (SEMANTICS.md,
/// "Role changes a policy prevents").</summary>
/// <remarks>
/// <para>
/// The recording describes a role again after an <c>ALTER ROLE</c> or a <c>GRANT</c> of a role changed it, and every
/// later operation is built with the new facts. Under a policy that blocked that statement, or under which it was
/// never reached, the change never happened: PostgreSQL rolled it back with the error. Later operations must then be
/// judged with the facts the role had before, as the probe judges them live; otherwise a policy that blocked
/// <c>ALTER ROLE mallory SUPERUSER</c> would trust mallory as a superuser from then on.
/// </para>
/// <para>
/// A pinned role keeps its recorded name and oid and takes back the facts that decide trust: superuser, CREATEROLE,
/// LOGIN, INHERIT, BYPASSRLS and memberships. The pin is lifted when a later change of the same role happens under the
/// policy: from then on the recording describes what the role really is (a later change that happened on top of one
/// that did not cannot be told apart from it, and is taken whole).
/// </para>
/// <para>Operations are rewritten only while something is pinned, which is rare: a replay where no policy blocked a
/// role change never allocates here.</para>
/// </remarks>
internal sealed class RoleFactsOverlay
{
    private readonly Dictionary<uint, RoleFacts> pinned = [];
    private RoleCatalog? lastBase;
    private RoleCatalog? lastOverlaid;
    private int version;
    private int lastVersion = -1;

    /// <summary>Whether no role is pinned: operations are judged as recorded.</summary>
    public bool IsEmpty => pinned.Count == 0;

    /// <summary>Roles pinned now (for tests).</summary>
    public int Count => pinned.Count;

    /// <summary>Keeps <paramref name="before"/>'s trust facts for its role; a role pinned already keeps its first facts
    /// (the change that did not happen may be described several times).</summary>
    public void Pin(RoleFacts before)
    {
        if (pinned.TryAdd(before.Oid, before))
        {
            version++;
        }
    }

    /// <summary>A change of <paramref name="oid"/> happened under the policy: follow the recording again.</summary>
    public void Unpin(uint oid)
    {
        if (pinned.Remove(oid))
        {
            version++;
        }
    }

    /// <summary>Forgets every pin (the session ended).</summary>
    public void Clear()
    {
        if (pinned.Count > 0)
        {
            pinned.Clear();
            version++;
        }
    }

    /// <summary><paramref name="operation"/> with every pinned role's facts taken back; the operation itself when
    /// nothing it mentions is pinned.</summary>
    public Operation Apply(Operation operation)
    {
        if (pinned.Count == 0)
        {
            return operation;
        }

        var roles = Overlaid(operation.Roles);
        var chain = operation.Chain;
        ChainEntry[]? rewritten = null;
        for (var i = 0; i < chain.Count; i++)
        {
            var entry = chain[i];
            if (pinned.TryGetValue(entry.Owner.Oid, out var before))
            {
                rewritten ??= [.. chain];
                rewritten[i] = entry with { Owner = Kept(entry.Owner, before) };
            }
        }

        return operation with
        {
            Executor = Effective(operation.Executor),
            SessionUser = Effective(operation.SessionUser),
            Chain = rewritten ?? chain,
            Roles = roles,
            Switch = operation.Switch is { } details
                ? details with { SessionUser = Effective(details.SessionUser), OuterUser = Effective(details.OuterUser) }
                : null,
        };
    }

    private RoleFacts Effective(RoleFacts recorded) =>
        pinned.TryGetValue(recorded.Oid, out var before) ? Kept(recorded, before) : recorded;

    private static RoleFacts Kept(RoleFacts recorded, RoleFacts before) => recorded with
    {
        Superuser = before.Superuser,
        CanLogin = before.CanLogin,
        Inherit = before.Inherit,
        BypassRowSecurity = before.BypassRowSecurity,
        CreateRole = before.CreateRole,
        MemberOf = before.MemberOf,
    };

    private RoleCatalog Overlaid(RoleCatalog recorded)
    {
        if (ReferenceEquals(recorded, lastBase) && lastVersion == version && lastOverlaid is not null)
        {
            return lastOverlaid;
        }

        var overlaid = recorded;
        foreach (var (oid, before) in pinned)
        {
            overlaid = overlaid.With(Kept(recorded.Find(oid), before));
        }

        lastBase = recorded;
        lastVersion = version;
        lastOverlaid = overlaid;
        return overlaid;
    }
}
