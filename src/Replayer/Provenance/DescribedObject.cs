using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>What the chain needs of a described object: its display name and owner, and for trust decisions what
/// else it is to PostgreSQL.</summary>
/// <param name="OwnerOid">0 when the object was never described.</param>
/// <param name="Role">For a function, what else it is to PostgreSQL (<c>type_input</c>, …); empty otherwise.</param>
/// <param name="SecurityDefiner">For a function, whether it runs as its owner.</param>
/// <param name="Traits">Infrastructure traits of the object itself (extension member, operator-family member, type
/// output function).</param>
/// <param name="Qualified">For a function, <c>schema.name</c> without arguments (what a rule's <c>objects</c> matches);
/// empty when never described.</param>
internal readonly record struct DescribedObject(
    string Name, uint OwnerOid, string Role = "", bool SecurityDefiner = false, EntryTraits Traits = EntryTraits.None,
    string Qualified = "")
{
    /// <summary><see cref="Qualified"/> as the objects of a call's operation: made once per descriptor rather than once per
    /// call (operations only read it).</summary>
    public IReadOnlyList<string> QualifiedAsObjects { get; } = Qualified.Length > 0 ? [Qualified] : [];
}
