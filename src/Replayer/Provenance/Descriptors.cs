using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>The latest descriptor of every role, function, relation, operator and type seen so far in a session.</summary>
/// <remarks>
/// Frames are consumed in seq order, so "latest so far" is exactly "latest with a lower seq than the frame at hand",
/// the rule FORMAT.md gives for role facts. Descriptors are the only per-object state a replay keeps for the whole
/// session; they are bounded by the size of the catalog, not the length of the session.
/// </remarks>
internal sealed class Descriptors
{
    private readonly Dictionary<uint, DescribedObject> functions = [];
    private readonly Dictionary<uint, FunctionDescribed> functionDetails = [];
    private readonly Dictionary<uint, RelationDescribed> relations = [];
    private readonly Dictionary<uint, OperatorDescribed> operators = [];
    private readonly Dictionary<uint, TypeDescribed> types = [];
    private readonly Dictionary<uint, SortedSet<uint>> typesByIoFunction = [];

    public RoleCatalog Roles { get; private set; } = RoleCatalog.Empty;

    /// <summary>Objects described so far.</summary>
    public int Count => Roles.Count + functions.Count + relations.Count + operators.Count + types.Count;

    /// <summary>Every relation described so far, in oid order (for background processes without an analysis).</summary>
    public IEnumerable<RelationDescribed> AllRelations => relations.Values.OrderBy(r => r.RelationOid);

    public void Apply(RoleDescribed role) =>
        Roles = Roles.With(new RoleFacts(
            role.RoleOid, role.Name, role.Superuser, role.CanLogin, role.Inherit, role.BypassRowSecurity)
        {
            MemberOf = role.MemberOf ?? [],
            CreateRole = role.CreateRole,
        });

    public void Apply(FunctionDescribed function)
    {
        functionDetails[function.FunctionOid] = function;
        functions[function.FunctionOid] = new DescribedObject(
            ObjectNames.Function(function), function.OwnerOid, function.Role, function.SecurityDefiner,
            (function.Role is "type_output" or "type_send" ? EntryTraits.TypeOutputFunction : EntryTraits.None)
            | ExtensionTrait(function.Extension),
            ObjectNames.Qualified(function.Schema, function.Name));
    }

    public void Apply(RelationDescribed relation) => relations[relation.RelationOid] = relation;

    public void Apply(OperatorDescribed op) => operators[op.OperatorOid] = op;

    public void Apply(TypeDescribed type)
    {
        if (types.TryGetValue(type.TypeOid, out var earlier))
        {
            foreach (var function in IoFunctions(earlier))
            {
                Unindex(function, type.TypeOid);
            }
        }

        types[type.TypeOid] = type;
        foreach (var function in IoFunctions(type))
        {
            Index(function, type.TypeOid);
        }
    }

    /// <summary>Whether <paramref name="functionOid"/> is the output or send function of a type described so far (the
    /// recorded function role says so too, once the probe records it).</summary>
    /// <remarks>Asked for every function call: a loop over the few types rather than LINQ, which allocated a closure, a
    /// delegate and an enumerator per call.</remarks>
    public bool IsTypeOutputFunction(uint functionOid)
    {
        if (Function(functionOid).Traits.HasFlag(EntryTraits.TypeOutputFunction))
        {
            return true;
        }

        if (!typesByIoFunction.TryGetValue(functionOid, out var typeOids))
        {
            return false;
        }

        foreach (var t in typeOids)
        {
            if (types[t].OutputFunction == functionOid || types[t].SendFunction == functionOid)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="operatorOid"/> belongs to an operator family, as recorded.</summary>
    public bool InOperatorFamily(uint operatorOid) => operators.TryGetValue(operatorOid, out var op) && op.InOperatorFamily;

    public static EntryTraits ExtensionTrait(string? extension) =>
        string.IsNullOrEmpty(extension) ? EntryTraits.None : EntryTraits.ExtensionMember;

    private static uint[] IoFunctions(TypeDescribed type) =>
        [type.InputFunction, type.OutputFunction, type.ReceiveFunction, type.SendFunction];

    public DescribedObject Function(uint oid) =>
        functions.TryGetValue(oid, out var found) ? found : new DescribedObject(ObjectNames.UnknownFunction(oid), 0);

    public DescribedObject Relation(uint oid) =>
        relations.TryGetValue(oid, out var found)
            ? new DescribedObject(ObjectNames.Relation(found), found.OwnerOid, Traits: ExtensionTrait(found.Extension))
            : new DescribedObject(ObjectNames.UnknownRelation(oid), 0);

    public RelationDescribed? RelationDetails(uint oid) => relations.GetValueOrDefault(oid);

    /// <summary>The latest descriptor of a function (its schema and name as the catalog spells them).</summary>
    public FunctionDescribed? FunctionDetails(uint oid) => functionDetails.GetValueOrDefault(oid);

    /// <summary>The latest descriptor of an operator (its schema and name as the catalog spells them).</summary>
    public OperatorDescribed? OperatorDetails(uint oid) => operators.GetValueOrDefault(oid);

    public DescribedObject Operator(uint oid) =>
        operators.TryGetValue(oid, out var found)
            ? new DescribedObject(
                ObjectNames.Operator(found), found.OwnerOid,
                Traits: (found.InOperatorFamily ? EntryTraits.OperatorClass : EntryTraits.None) | ExtensionTrait(found.Extension))
            : new DescribedObject(ObjectNames.UnknownOperator(oid), 0);

    public DescribedObject Type(uint oid) =>
        types.TryGetValue(oid, out var found)
            ? new DescribedObject(ObjectNames.Type(found), found.OwnerOid, Traits: ExtensionTrait(found.Extension))
            : new DescribedObject(ObjectNames.UnknownType(oid), 0);

    public TypeDescribed? TypeDetails(uint oid) => types.GetValueOrDefault(oid);

    /// <summary>The types whose input, output, receive or send function is <paramref name="functionOid"/>, in oid order.</summary>
    public IReadOnlyCollection<uint> TypesWithIoFunction(uint functionOid) =>
        typesByIoFunction.TryGetValue(functionOid, out var found) ? found : [];

    private void Index(uint functionOid, uint typeOid)
    {
        if (functionOid == 0)
        {
            return;
        }

        if (!typesByIoFunction.TryGetValue(functionOid, out var set))
        {
            set = [];
            typesByIoFunction[functionOid] = set;
        }

        set.Add(typeOid);
    }

    private void Unindex(uint functionOid, uint typeOid)
    {
        if (typesByIoFunction.TryGetValue(functionOid, out var set) && set.Remove(typeOid) && set.Count == 0)
        {
            typesByIoFunction.Remove(functionOid);
        }
    }
}
