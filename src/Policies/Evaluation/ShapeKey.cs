using TraceLab.Policies.Model;

namespace TraceLab.Policies.Evaluation;

/// <summary>The words a chain's shape is encoded in: everything a policy's decision depends on, nothing else.</summary>
/// <remarks>
/// <para>
/// Word 0 holds one bit per rule: whether the rule guards the operation (its <c>operations</c>, <c>commands</c> and
/// <c>objects</c>). Word 1 describes the executing user; then one word per chain entry, root first. Roles appear only
/// through their relation to the executing user (owner is the executor, is a member of it) and their facts at that
/// moment (known, superuser), plus an index into the names the policy's <c>roles</c> lists mention; oids, names and
/// texts are left out, so a million operations of a few shapes share a few cache entries.
/// </para>
/// <para>Entry word: kind (bits 0–4), phase (5–8), candidate (9), privilege switch (10), synthetic (11), traits
/// (12–14), owner known (15), owner superuser (16), owner is the executor (17), executor is a direct member of the owner
/// (18), executor inherits the owner's privileges (19), owner's name index + 1 (20–51).</para>
/// </remarks>
internal static class ShapeKey
{
    public const int ExecutorWord = 1;
    public const int FirstEntry = 2;

    public const ulong Candidate = 1UL << 9;
    public const ulong Switch = 1UL << 10;
    public const ulong Synthetic = 1UL << 11;
    public const int TraitsShift = 12;
    public const ulong OwnerKnown = 1UL << 15;
    public const ulong OwnerSuperuser = 1UL << 16;
    public const ulong OwnerIsExecutor = 1UL << 17;
    public const ulong DirectMember = 1UL << 18;
    public const ulong InheritingMember = 1UL << 19;
    public const int NameShift = 20;

    public const ulong ExecutorKnown = 1;
    public const ulong ExecutorSuperuser = 2;
    public const int ExecutorNameShift = 2;

    public static ChainEntryKind Kind(ulong entry) => (ChainEntryKind)(entry & 0x1F);

    public static ChainPhase Phase(ulong entry) => (ChainPhase)((entry >> 5) & 0xF);

    public static EntryTraits Traits(ulong entry) => (EntryTraits)((entry >> TraitsShift) & 0x7);

    /// <summary>The index of a role's name among the names the policy mentions, or -1.</summary>
    public static int OwnerName(ulong entry) => (int)((entry >> NameShift) & 0xFFFF_FFFF) - 1;

    public static int ExecutorName(ulong executor) => (int)((executor >> ExecutorNameShift) & 0xFFFF_FFFF) - 1;
}
