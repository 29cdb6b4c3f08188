namespace TraceLab.Replayer.Provenance;

/// <summary>What the chain needs of a described function or relation: its display name and owner.</summary>
/// <param name="OwnerOid">0 when the object was never described.</param>
internal readonly record struct DescribedObject(string Name, uint OwnerOid);
