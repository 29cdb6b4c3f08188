using System.Buffers.Binary;
using System.Text.Unicode;
using System.Text;
using TraceLab.Files;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Compiled;

/// <summary>Reads the compiled policy form (POLICY_FORMAT.md) back into a <see cref="PolicyDefinition"/>.</summary>
/// <remarks>
/// The checks, their order and the reasons given are those of the probe's <c>policy_load.c</c>, so both refuse the same
/// bytes for the same stated reason. What a compiled policy does not carry comes back empty: the file's text
/// (<see cref="PolicyDefinition.Source"/>) and its warnings; <see cref="PolicyDefinition.FileName"/> is the compiled
/// file's name.
/// </remarks>
public sealed class PolicyFormatReader
{
    /// <summary>The fewest bytes a rule takes (every list empty or absent).</summary>
    private const int MinRuleBytes = 45;

    private readonly byte[] data;
    private readonly string file;
    private readonly List<string> strings = [];
    private int offset;

    private PolicyFormatReader(byte[] data, string file)
    {
        this.data = data;
        this.file = file;
    }

    /// <summary>The policy compiled into <paramref name="data"/>, read from <paramref name="file"/>.</summary>
    /// <exception cref="PolicyFormatException">The bytes are not a compiled policy of a version this build reads.</exception>
    public static PolicyDefinition Read(byte[] data, string file)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(file);
        return new PolicyFormatReader(data, file).ReadAll();
    }

    private PolicyDefinition ReadAll()
    {
        ReadHeader();
        offset = PolicyFormat.HeaderBytes;
        var count = ReadCount(4, "string count");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0u; i < count; i++)
        {
            var length = U32();
            if (length > data.Length - offset)
            {
                throw Fail($"unexpected end of data at byte {offset - 4}");
            }

            var bytes = data.AsSpan(offset, (int)length);
            if (bytes.Contains((byte)0))
            {
                throw Fail($"string {i} contains a zero byte");
            }

            if (!Utf8.IsValid(bytes))
            {
                throw Fail($"string {i} is not valid UTF-8");
            }

            // Names are written once: equal strings have equal indexes, which the probe relies on.
            var text = Encoding.UTF8.GetString(bytes);
            if (!seen.TryAdd(text, (int)i))
            {
                throw Fail($"string {i} repeats string {seen[text]}");
            }

            strings.Add(text);
            offset += (int)length;
        }

        var at = offset;
        var name = String();
        if (!PolicyFormatRules.IsName(name))
        {
            throw Fail($"policy name at byte {at} is invalid");
        }

        var description = String();
        at = offset;
        var defaultAction = U8();
        if (defaultAction > PolicyFormatRules.MaxAction)
        {
            throw Fail($"default action {defaultAction} at byte {at} is undefined");
        }

        var ruleCount = ReadCount(MinRuleBytes, "rule count");
        var rules = new List<RuleDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0u; i < ruleCount; i++)
        {
            rules.Add(ReadRule(names));
        }

        if (offset != data.Length)
        {
            throw Fail($"{data.Length - offset} bytes follow the last rule");
        }

        return new PolicyDefinition(name, description, (PolicyAction)defaultAction, rules, "", file);
    }

    private void ReadHeader()
    {
        if (data.Length > PolicyFormat.MaxBytes)
        {
            throw Fail($"data has {data.Length} bytes, more than the {PolicyFormat.MaxBytes} a compiled policy may have");
        }

        if (data.Length < PolicyFormat.HeaderBytes)
        {
            throw Fail($"data has {data.Length} bytes, fewer than the {PolicyFormat.HeaderBytes} of the header");
        }

        if (!data.AsSpan(0, 8).SequenceEqual(PolicyFormat.Magic))
        {
            throw Fail("data does not start with \"TLPOLICY\"");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(8));
        if (version != PolicyFormat.Version)
        {
            throw Fail($"unsupported format version {version}; this build reads version {PolicyFormat.Version}");
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(10));
        if (flags != 0)
        {
            throw Fail($"undefined header flags 0x{flags:x}");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12));
        if (length != data.Length)
        {
            throw Fail($"declared length {length} does not match the data's {data.Length} bytes");
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(PolicyFormat.ChecksumOffset));
        var computed = Crc32C.Compute(data.AsSpan(PolicyFormat.HeaderBytes));
        if (stored != computed)
        {
            throw Fail($"checksum mismatch: stored 0x{stored:x8}, computed 0x{computed:x8}");
        }
    }

    private RuleDefinition ReadRule(HashSet<string> names)
    {
        var at = offset;
        var name = String();
        if (!PolicyFormatRules.IsName(name))
        {
            throw Fail($"rule name at byte {at} is invalid");
        }

        if (!names.Add(name))
        {
            throw Fail($"rule name at byte {at} repeats an earlier rule's");
        }

        at = offset;
        var operations = U32();
        if (operations == 0 || (operations & ~PolicyFormatRules.Operations) != 0)
        {
            throw Fail($"operation kinds 0x{operations:x} at byte {at} are invalid");
        }

        var commands = Patterns();
        var objects = Patterns();
        at = offset;
        var trustFlags = U8();
        if ((trustFlags & ~(PolicyFormat.TrustSelf | PolicyFormat.TrustSuperusers)) != 0)
        {
            throw Fail($"trust flags 0x{trustFlags:x} at byte {at} are undefined");
        }

        at = offset;
        var membership = U8();
        if (membership > PolicyFormatRules.MaxMembership)
        {
            throw Fail($"membership {membership} at byte {at} is undefined");
        }

        at = offset;
        var infrastructure = U32();
        if ((infrastructure & ~PolicyFormatRules.Infrastructure) != 0)
        {
            throw Fail($"infrastructure 0x{infrastructure:x} at byte {at} is undefined");
        }

        var roles = Roles();
        var trust = new TrustDefinition(
            (trustFlags & PolicyFormat.TrustSelf) != 0,
            (trustFlags & PolicyFormat.TrustSuperusers) != 0,
            (MembershipTrust)membership,
            roles,
            (TrustedInfrastructure)infrastructure);
        at = offset;
        var scope = U8();
        if (scope > PolicyFormatRules.MaxScope)
        {
            throw Fail($"scope {scope} at byte {at} is undefined");
        }

        var when = When();
        at = offset;
        var action = U8();
        if (action is not ((byte)PolicyAction.Warn or (byte)PolicyAction.Block))
        {
            throw Fail($"action {action} at byte {at} is undefined");
        }

        at = offset;
        var messageIndex = U32();
        string? message = null;
        if (messageIndex != PolicyFormat.Absent)
        {
            message = StringAt(messageIndex, at);
            if (message.Length == 0)
            {
                throw Fail($"empty message at byte {at}");
            }
        }

        return new RuleDefinition(name, (GuardedOperations)operations, commands, objects, trust, (TrustScope)scope, when,
            (PolicyAction)action, message);
    }

    private List<string>? Patterns()
    {
        var at = offset;
        var count = U32();
        if (count == PolicyFormat.Absent)
        {
            return null;
        }

        offset = at;
        var items = List("list count");
        if (items.Count == 0)
        {
            throw Fail($"empty list at byte {at}");
        }

        return items;
    }

    private Dictionary<string, IReadOnlyList<string>> Roles()
    {
        var count = ReadCount(8, "role count");
        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var i = 0u; i < count; i++)
        {
            var at = offset;
            var executor = String();
            if (roles.ContainsKey(executor))
            {
                throw Fail($"role at byte {at} is listed twice in trust roles");
            }

            roles[executor] = List("list count");
        }

        return roles;
    }

    private WhenDefinition When()
    {
        const int defined = PolicyFormat.WhenEntryKinds | PolicyFormat.WhenPlanner | PolicyFormat.WhenPhases
                            | PolicyFormat.WhenExecutorCondition | PolicyFormat.WhenExecutorIsSuperuser;
        var at = offset;
        var flags = U8();
        if ((flags & ~defined) != 0
            || ((flags & PolicyFormat.WhenPlanner) != 0 && (flags & PolicyFormat.WhenEntryKinds) == 0)
            || ((flags & PolicyFormat.WhenExecutorIsSuperuser) != 0 && (flags & PolicyFormat.WhenExecutorCondition) == 0))
        {
            throw Fail($"when flags 0x{flags:x} at byte {at} are invalid");
        }

        at = offset;
        var kinds = U32() | ((ulong)U32() << 32);
        var listed = (flags & PolicyFormat.WhenEntryKinds) != 0;
        if ((kinds & ~PolicyFormatRules.EntryKinds) != 0 || (!listed && kinds != 0)
            || (listed && kinds == 0 && (flags & PolicyFormat.WhenPlanner) == 0))
        {
            throw Fail($"entry kinds 0x{kinds:x} at byte {at} are invalid");
        }

        at = offset;
        var phases = U32();
        var phased = (flags & PolicyFormat.WhenPhases) != 0;
        if ((phases & ~PolicyFormatRules.Phases) != 0 || (!phased && phases != 0) || (phased && phases == 0))
        {
            throw Fail($"phases 0x{phases:x} at byte {at} are invalid");
        }

        return new WhenDefinition(
            listed ? Enumerable.Range(0, 64).Where(b => (kinds & (1UL << b)) != 0).Select(b => (ChainEntryKind)b).ToHashSet() : null,
            (flags & PolicyFormat.WhenPlanner) != 0,
            phased ? Enumerable.Range(0, 32).Where(b => (phases & (1U << b)) != 0).Select(b => (ChainPhase)b).ToHashSet() : null,
            (flags & PolicyFormat.WhenExecutorCondition) != 0 ? (flags & PolicyFormat.WhenExecutorIsSuperuser) != 0 : null);
    }

    /// <summary>A count of string indexes, then the strings.</summary>
    private List<string> List(string what)
    {
        var count = ReadCount(4, what);
        var items = new List<string>((int)count);
        for (var i = 0u; i < count; i++)
        {
            items.Add(String());
        }

        return items;
    }

    /// <summary>A count of items of at least <paramref name="itemBytes"/> bytes each, checked against what remains.</summary>
    private uint ReadCount(int itemBytes, string what)
    {
        var at = offset;
        var count = U32();
        if (count > (ulong)(data.Length - offset) / (ulong)itemBytes)
        {
            throw Fail($"{what} {count} at byte {at} exceeds the data");
        }

        return count;
    }

    private string String()
    {
        var at = offset;
        return StringAt(U32(), at);
    }

    private string StringAt(uint index, int at) =>
        index < strings.Count
            ? strings[(int)index]
            : throw Fail($"string index {index} at byte {at} is out of range; the table has {strings.Count} strings");

    private byte U8()
    {
        Need(1);
        return data[offset++];
    }

    private uint U32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset));
        offset += 4;
        return value;
    }

    private void Need(int bytes)
    {
        if (data.Length - offset < bytes)
        {
            throw Fail($"unexpected end of data at byte {offset}");
        }
    }

    private PolicyFormatException Fail(string reason) => PolicyFormatException.Invalid(file, reason);
}
