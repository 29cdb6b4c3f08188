using TraceLab.Events;
using TraceLab.Policies;

namespace TraceLab.Replayer.Provenance;

/// <summary>The latest descriptor of every role, function and relation seen so far in a session.</summary>
/// <remarks>
/// Frames are consumed in seq order, so "latest so far" is exactly "latest with a lower seq than the frame at hand",
/// the rule FORMAT.md gives for role facts. Descriptors are the only per-object state a replay keeps for the whole
/// session; they are bounded by the size of the catalog, not the length of the session.
/// </remarks>
internal sealed class Descriptors
{
    private readonly Dictionary<uint, DescribedObject> functions = [];
    private readonly Dictionary<uint, DescribedObject> relations = [];

    public RoleCatalog Roles { get; private set; } = RoleCatalog.Empty;

    public void Apply(RoleDescribed role) =>
        Roles = Roles.With(new RoleFacts(
            role.RoleOid, role.Name, role.Superuser, role.CanLogin, role.Inherit, role.BypassRowSecurity));

    public void Apply(FunctionDescribed function) =>
        functions[function.FunctionOid] = new DescribedObject(ObjectNames.Function(function), function.OwnerOid);

    public void Apply(RelationDescribed relation) =>
        relations[relation.RelationOid] = new DescribedObject(ObjectNames.Relation(relation), relation.OwnerOid);

    public DescribedObject Function(uint oid) =>
        functions.TryGetValue(oid, out var found) ? found : new DescribedObject(ObjectNames.UnknownFunction(oid), 0);

    public DescribedObject Relation(uint oid) =>
        relations.TryGetValue(oid, out var found) ? found : new DescribedObject(ObjectNames.UnknownRelation(oid), 0);
}
