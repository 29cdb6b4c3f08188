using System.Buffers.Binary;
using System.Text;
using TraceLab.Files;
using TraceLab.Policies.Language;

namespace TraceLab.Policies.Compiled;

/// <summary>Writes a <see cref="PolicyDefinition"/> in the compiled policy form (POLICY_FORMAT.md).</summary>
/// <remarks>Fixed-width little-endian integers rather than MessagePack: the probe's reader then needs no decoder, only
/// bounds-checked reads of known widths, and every field has one encoding, so the same policy always gives the same
/// bytes. Strings are written once, in a table, in order of first use; the rest refers to them by index.</remarks>
public static class PolicyFormatWriter
{
    /// <summary>The compiled form of <paramref name="definition"/>.</summary>
    public static byte[] Write(PolicyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var strings = new StringTable();
        var body = new List<byte>();
        Put32(body, strings.Index(definition.Name));
        Put32(body, strings.Index(definition.Description));
        body.Add((byte)definition.Default);
        Put32(body, (uint)definition.Rules.Count);
        foreach (var rule in definition.Rules)
        {
            WriteRule(body, strings, rule);
        }

        var table = new List<byte>();
        Put32(table, (uint)strings.All.Count);
        foreach (var text in strings.All)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Put32(table, (uint)bytes.Length);
            table.AddRange(bytes);
        }

        var length = PolicyFormat.HeaderBytes + table.Count + body.Count;
        var result = new byte[length];
        PolicyFormat.Magic.CopyTo(result);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), PolicyFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), (uint)length);
        table.CopyTo(result, PolicyFormat.HeaderBytes);
        body.CopyTo(result, PolicyFormat.HeaderBytes + table.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(
            result.AsSpan(PolicyFormat.ChecksumOffset), Crc32C.Compute(result.AsSpan(PolicyFormat.HeaderBytes)));
        return result;
    }

    private static void WriteRule(List<byte> body, StringTable strings, RuleDefinition rule)
    {
        Put32(body, strings.Index(rule.Name));
        Put32(body, (uint)rule.Operations);
        WriteList(body, strings, rule.Commands);
        WriteList(body, strings, rule.Objects);
        var trust = rule.Trust;
        body.Add((byte)((trust.Self ? PolicyFormat.TrustSelf : 0) | (trust.Superusers ? PolicyFormat.TrustSuperusers : 0)));
        body.Add((byte)trust.Membership);
        Put32(body, (uint)trust.Infrastructure);
        Put32(body, (uint)trust.Roles.Count);
        foreach (var (executor, trusted) in trust.Roles)
        {
            Put32(body, strings.Index(executor));
            WriteList(body, strings, trusted);
        }

        body.Add((byte)rule.Scope);
        var when = rule.When;
        var flags = (when.EntryKinds is not null ? PolicyFormat.WhenEntryKinds : 0)
                    | (when.Planner ? PolicyFormat.WhenPlanner : 0)
                    | (when.Phases is not null ? PolicyFormat.WhenPhases : 0)
                    | (when.ExecutorIsSuperuser is not null ? PolicyFormat.WhenExecutorCondition : 0)
                    | (when.ExecutorIsSuperuser == true ? PolicyFormat.WhenExecutorIsSuperuser : 0);
        body.Add((byte)flags);
        var kinds = when.EntryKinds?.Aggregate(0UL, (mask, kind) => mask | (1UL << (int)kind)) ?? 0;
        Put32(body, unchecked((uint)kinds));
        Put32(body, (uint)(kinds >> 32));
        Put32(body, when.Phases?.Aggregate(0U, (mask, phase) => mask | (1U << (int)phase)) ?? 0);
        body.Add((byte)rule.Action);
        Put32(body, rule.Message is null ? PolicyFormat.Absent : strings.Index(rule.Message));
    }

    /// <summary>A count and string indexes, or <see cref="PolicyFormat.Absent"/> for a list not given.</summary>
    private static void WriteList(List<byte> body, StringTable strings, IReadOnlyList<string>? items)
    {
        if (items is null)
        {
            Put32(body, PolicyFormat.Absent);
            return;
        }

        Put32(body, (uint)items.Count);
        foreach (var item in items)
        {
            Put32(body, strings.Index(item));
        }
    }

    private static void Put32(List<byte> bytes, uint value)
    {
        for (var shift = 0; shift < 32; shift += 8)
        {
            bytes.Add(unchecked((byte)(value >> shift)));
        }
    }

    private sealed class StringTable
    {
        private readonly Dictionary<string, uint> indexes = new(StringComparer.Ordinal);

        public List<string> All { get; } = [];

        public uint Index(string text)
        {
            if (!indexes.TryGetValue(text, out var index))
            {
                index = (uint)All.Count;
                indexes[text] = index;
                All.Add(text);
            }

            return index;
        }
    }
}
