using System.Runtime.CompilerServices;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>A chain entry whose owner is still an oid.</summary>
/// <remarks>Names are fixed when the entry's frame arrives, but owners are resolved to <see cref="RoleFacts"/> only
/// when an operation is judged, so every entry of a chain reflects the role facts as of that operation.</remarks>
internal readonly record struct EntryDraft(
    ChainEntryKind Kind,
    string ObjectName,
    uint OwnerOid,
    long Seq,
    ChainPhase Phase,
    uint ObjectOid = 0,
    string? Command = null,
    bool Candidate = false,
    bool Synthetic = false,
    bool PrivilegeSwitch = false,
    EntryTraits Traits = EntryTraits.None,
    bool Inlined = false)
{
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ChainEntry Resolve(RoleCatalog roles) =>
        new(Kind, ObjectName, roles.Find(OwnerOid), Seq, ObjectOid, Command, Candidate, Synthetic, Phase, PrivilegeSwitch, Traits, Inlined);
}
