namespace TraceLab.Replayer.Provenance;

/// <summary>What the chain needs of a described object: its display name and owner.</summary>
/// <param name="OwnerOid">0 when the object was never described.</param>
/// <param name="Role">For a function, what else it is to PostgreSQL (<c>type_input</c>, …); empty otherwise.</param>
/// <param name="SecurityDefiner">For a function, whether it runs as its owner.</param>
internal readonly record struct DescribedObject(string Name, uint OwnerOid, string Role = "", bool SecurityDefiner = false);
