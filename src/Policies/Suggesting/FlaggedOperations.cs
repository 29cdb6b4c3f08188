using System.Globalization;
using System.Text;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Suggesting;

/// <summary>Collects the recorded operations a base policy flagged, keeping each distinct one once.</summary>
/// <remarks>
/// Two operations are the same here when everything a policy's evaluation reads is the same (LANGUAGE.md,
/// "Evaluation"): the operation kinds it belongs to, its command and objects, the executing user, and per chain entry its
/// kind, phase, flags, traits, owner and the owner's relation to the executing user. So a trace of millions of operations
/// is remembered as its few distinct ones, each with a count and its first few occurrences; the suggestion evaluates only
/// those. The key is deliberately stricter than the evaluator's own shape key (it keeps role oids and names): two
/// operations it tells apart may still be judged alike, never the other way round.
/// </remarks>
public sealed class FlaggedOperations
{
    /// <summary>How many occurrences of each distinct operation are kept to be named in comments.</summary>
    public const int ExamplesKept = 3;

    private readonly Dictionary<string, Entry> byKey = new(StringComparer.Ordinal);
    private readonly List<Entry> inOrder = [];

    /// <summary>Recorded operations added, whether distinct or not.</summary>
    public long Total { get; private set; }

    /// <summary>Adds one recorded operation the base policy flagged.</summary>
    public void Add(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Total++;
        var key = KeyOf(operation);
        if (!byKey.TryGetValue(key, out var entry))
        {
            entry = new Entry(operation);
            byKey.Add(key, entry);
            inOrder.Add(entry);
        }

        entry.Count++;
        if (entry.Examples.Count < ExamplesKept)
        {
            entry.Examples.Add(OperationOccurrence.Of(operation));
        }
    }

    /// <summary>The distinct operations, in the order the first of each was added.</summary>
    public IReadOnlyList<FlaggedOperation> Distinct() => [.. inOrder.Select(e => new FlaggedOperation(e.Operation, e.Count, e.Examples))];

    private static string KeyOf(Operation operation)
    {
        var key = new StringBuilder(256);
        var executor = operation.Executor;
        var roles = operation.Roles;
        key.Append(CultureInfo.InvariantCulture, $"{(int)operation.Guarded}\u0001{operation.Command}\u0001");
        foreach (var name in operation.Objects)
        {
            key.Append(name).Append('\u0002');
        }

        key.Append(CultureInfo.InvariantCulture, $"\u0001{Role(executor)}");
        foreach (var entry in operation.Chain)
        {
            var owner = entry.Owner;
            var direct = owner.Oid != 0 && roles.IsMember(executor.Oid, owner.Oid, MembershipKind.Direct);
            var inheriting = owner.Oid != 0 && roles.IsMember(executor.Oid, owner.Oid, MembershipKind.Inheriting);
            key.Append(CultureInfo.InvariantCulture,
                $"\u0001{(int)entry.Kind},{(int)entry.Phase},{(int)entry.Traits},{entry.Candidate},{entry.PrivilegeSwitch},"
                + $"{entry.Synthetic},{direct},{inheriting},{Role(owner)}");
        }

        return key.ToString();
    }

    private static string Role(RoleFacts role) =>
        string.Create(CultureInfo.InvariantCulture, $"{role.Oid}/{role.Superuser}/{role.Name?.Length ?? -1}:{role.Name}");

    private sealed class Entry(Operation operation)
    {
        public Operation Operation { get; } = operation;

        public long Count { get; set; }

        public List<OperationOccurrence> Examples { get; } = [];
    }
}
