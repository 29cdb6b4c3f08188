using System.Collections.Immutable;

namespace TraceLab.Policies;

/// <summary>An immutable snapshot of the role facts recorded up to one moment of a session.</summary>
/// <remarks>
/// The replayer replaces its snapshot whenever a role descriptor arrives and hands the current one to every operation,
/// so each operation carries the facts as they were when it ran at the cost of sharing, not copying, the map.
/// </remarks>
public sealed class RoleCatalog
{
    private readonly ImmutableDictionary<uint, RoleFacts> byOid;

    private RoleCatalog(ImmutableDictionary<uint, RoleFacts> map) => byOid = map;

    /// <summary>A catalog that knows no role.</summary>
    public static RoleCatalog Empty { get; } = new(ImmutableDictionary<uint, RoleFacts>.Empty);

    /// <summary>Number of roles described.</summary>
    public int Count => byOid.Count;

    /// <summary>The described roles in oid order.</summary>
    public IEnumerable<RoleFacts> Roles => byOid.Values.OrderBy(r => r.Oid);

    /// <summary>The facts for <paramref name="oid"/>, or <see cref="RoleFacts.Unknown"/> when none were recorded.</summary>
    public RoleFacts Find(uint oid) => byOid.TryGetValue(oid, out var facts) ? facts : RoleFacts.Unknown(oid);

    /// <summary>A catalog with <paramref name="facts"/> added or replacing the earlier facts of the same role.</summary>
    public RoleCatalog With(RoleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new RoleCatalog(byOid.SetItem(facts.Oid, facts));
    }
}
