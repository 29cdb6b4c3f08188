namespace TraceLab.Policies.Model;

/// <summary>What a chain entry is to PostgreSQL besides its kind: the facts trusted infrastructure is recognised by.</summary>
/// <remarks>Filled by the replayer from the descriptors recorded before the operation (FunctionDescribed.Role and
/// Extension, OperatorDescribed.InOperatorFamily and Extension, TypeDescribed's output and send functions,
/// RelationDescribed.Extension). Recordings without those facts give <see cref="None"/>: nothing is infrastructure.</remarks>
[Flags]
public enum EntryTraits
{
    /// <summary>No trait recorded.</summary>
    None = 0,

    /// <summary>A type's output or send function, or the type entry that brings one.</summary>
    TypeOutputFunction = 1,

    /// <summary>An operator that belongs to an operator family (index and sort infrastructure), or the function such an
    /// operator calls.</summary>
    OperatorClass = 2,

    /// <summary>An object that belongs to an extension.</summary>
    ExtensionMember = 4,
}
