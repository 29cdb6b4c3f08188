using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Evaluation;

/// <summary>Everything a compiled policy's decision about an operation reads, copied out of the operation: two operations
/// with equal facts get equal outcomes from every compiled policy.</summary>
/// <remarks>
/// <para>
/// The list follows what <see cref="CompiledPolicy.Decide(Operation)"/> looks at. The rules' guards read the operation's
/// kind, command, COPY details and objects (<see cref="CompiledRule.Guards"/>, <see cref="GuardedOperationsOf"/>); the
/// shape (<see cref="ShapeKey"/>) reads the executor's oid, name and superuser flag, and for every chain entry its kind,
/// phase, traits, candidate, switch and synthetic flags and its owner's oid, name and superuser flag; memberships come
/// from the role catalog in force, compared by reference (a catalog never changes, a new one replaces it). Oids, names
/// and the catalog are kept whole rather than reduced to what one policy's shape keeps of them, so that the facts serve
/// every policy at once; object names, statement texts and seqs are left out, as no decision reads them (a message
/// does, and is rendered from its own operation).
/// </para>
/// <para>Compared field by field, never through a packed word, so that equal facts are exactly equal ones whatever
/// the enums hold.</para>
/// </remarks>
internal sealed class DecisionFacts
{
    private readonly RoleCatalog roles;
    private readonly OperationKind kind;
    private readonly string command;
    private readonly CopyDetails? copy;
    private readonly string[] objects;
    private readonly uint executorOid;
    private readonly string? executorName;
    private readonly bool executorSuperuser;
    private readonly EntryFacts[] chain;

    public DecisionFacts(Operation operation)
    {
        roles = operation.Roles;
        kind = operation.Kind;
        command = operation.Command;
        copy = operation.Copy;
        objects = [.. operation.Objects];
        executorOid = operation.Executor.Oid;
        executorName = operation.Executor.Name;
        executorSuperuser = operation.Executor.Superuser;
        var entries = operation.Chain;
        chain = new EntryFacts[entries.Count];
        for (var i = 0; i < chain.Length; i++)
        {
            chain[i] = new EntryFacts(entries[i]);
        }
    }

    /// <summary>A hash of the facts of <paramref name="operation"/>; equal facts hash equally.</summary>
    /// <remarks>Reads only the cheap facts (no string's characters but the command's length and first one, no
    /// catalog): the table it indexes confirms every match with <see cref="Matches"/>.</remarks>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Hash(Operation operation)
    {
        var command = operation.Command;
        var hash = Mix(0x9E3779B97F4A7C15UL, (ulong)operation.Kind | ((ulong)(uint)command.Length << 8)
            | ((ulong)(command.Length > 0 ? command[0] : '\0') << 40));
        var executor = operation.Executor;
        hash = Mix(hash, executor.Oid | (executor.Superuser ? 1UL << 32 : 0) | (executor.Name is null ? 1UL << 33 : 0));
        foreach (var entry in Chain(operation))
        {
            var owner = entry.Owner;
            hash = Mix(hash, (ulong)entry.Kind | ((ulong)entry.Phase << 8) | ((ulong)entry.Traits << 16)
                | (entry.Candidate ? 1UL << 24 : 0) | (entry.PrivilegeSwitch ? 1UL << 25 : 0) | (entry.Synthetic ? 1UL << 26 : 0)
                | (owner.Superuser ? 1UL << 27 : 0) | ((ulong)owner.Oid << 32));
        }

        return unchecked((int)(hash ^ (hash >> 32)));
    }

    /// <summary>Whether <paramref name="operation"/> has exactly these facts.</summary>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Matches(Operation operation)
    {
        var executor = operation.Executor;
        var entries = Chain(operation);
        if (!ReferenceEquals(roles, operation.Roles) || kind != operation.Kind || executorOid != executor.Oid
            || executorSuperuser != executor.Superuser || !string.Equals(executorName, executor.Name, StringComparison.Ordinal)
            || !string.Equals(command, operation.Command, StringComparison.Ordinal) || !Equals(copy, operation.Copy)
            || chain.Length != entries.Length)
        {
            return false;
        }

        for (var i = 0; i < chain.Length; i++)
        {
            if (!chain[i].Matches(entries[i]))
            {
                return false;
            }
        }

        var others = operation.Objects;
        if (others.Count != objects.Length)
        {
            return false;
        }

        for (var i = 0; i < objects.Length; i++)
        {
            if (!string.Equals(objects[i], others[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The chain as a span: chains are arrays as the Replayer builds them, and an entry read through the
    /// interface costs a call (this runs twice for every operation).</summary>
    private static ReadOnlySpan<ChainEntry> Chain(Operation operation) => operation.Chain as ChainEntry[] ?? [.. operation.Chain];

    private static ulong Mix(ulong hash, ulong word)
    {
        hash = unchecked((hash ^ word) * 0xBF58476D1CE4E5B9UL);
        return hash ^ (hash >> 31);
    }

    /// <summary>What a decision reads of one chain entry.</summary>
    private readonly struct EntryFacts(ChainEntry entry)
    {
        private readonly ChainEntryKind kind = entry.Kind;
        private readonly ChainPhase phase = entry.Phase;
        private readonly EntryTraits traits = entry.Traits;
        private readonly bool candidate = entry.Candidate;
        private readonly bool privilegeSwitch = entry.PrivilegeSwitch;
        private readonly bool synthetic = entry.Synthetic;
        private readonly uint ownerOid = entry.Owner.Oid;
        private readonly string? ownerName = entry.Owner.Name;
        private readonly bool ownerSuperuser = entry.Owner.Superuser;

        public bool Matches(ChainEntry other)
        {
            var owner = other.Owner;
            return kind == other.Kind && phase == other.Phase && traits == other.Traits && candidate == other.Candidate
                   && privilegeSwitch == other.PrivilegeSwitch && synthetic == other.Synthetic && ownerOid == owner.Oid
                   && ownerSuperuser == owner.Superuser && string.Equals(ownerName, owner.Name, StringComparison.Ordinal);
        }
    }
}
