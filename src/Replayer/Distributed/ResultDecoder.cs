using MessagePack;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Distributed;

/// <summary>Reads one <see cref="SessionReplayResult"/> that <see cref="ResultEncoder"/> wrote, checking every value as
/// it goes.</summary>
/// <remarks>
/// Whatever the bytes, reading ends in a result or an exception (<see cref="FormatException"/> for a value the format
/// does not allow, or the reader's own for bytes that are not MessagePack or end early), which the codec reports as a
/// damaged result. Counts are checked against the bytes that remain before anything is sized by them, and nothing
/// recurses, so no input can exhaust memory or the stack.
/// </remarks>
internal sealed class ResultDecoder(long length)
{
    private readonly List<string> strings = [];
    private readonly List<RoleFacts> facts = [];
    private readonly List<RoleCatalog> catalogs = [];
    private readonly List<ChainEntry> entries = [];
    private readonly List<PolicyVerdict> verdicts = [];

    public SessionReplayResult Read(ref MessagePackReader reader)
    {
        Fields(ref reader, 4, "result");
        var sessionId = Required(ReadString(ref reader), "session id");
        var database = ReadString(ref reader);
        var eventsRead = reader.ReadInt64();
        if (eventsRead < 0)
        {
            throw new FormatException($"The result counts {eventsRead} events.");
        }

        var count = Count(ref reader);
        var operations = new ReplayedOperation[count];
        for (var i = 0; i < count; i++)
        {
            operations[i] = Operation(ref reader);
        }

        return new SessionReplayResult(sessionId, database, eventsRead, operations);
    }

    private ReplayedOperation Operation(ref MessagePackReader reader)
    {
        Fields(ref reader, ResultFormat.OperationFields, "operation");
        var sessionId = Required(ReadString(ref reader), "operation's session id");
        var database = ReadString(ref reader);
        var seq = reader.ReadInt64();
        var command = Required(ReadString(ref reader), "operation's command");
        var kind = Enum<OperationKind>(reader.ReadInt32());
        var executor = Facts(ref reader);
        var sessionUser = Facts(ref reader);
        var chainLength = Count(ref reader);
        if (chainLength == 0)
        {
            throw new FormatException("An operation has an empty chain.");
        }

        var chain = new ChainEntry[chainLength];
        for (var i = 0; i < chain.Length; i++)
        {
            chain[i] = Entry(ref reader);
        }

        var roles = Catalog(ref reader);
        var roleSwitch = Switch(ref reader);
        var copy = Copy(ref reader);
        var objects = new string[Count(ref reader)];
        for (var i = 0; i < objects.Length; i++)
        {
            objects[i] = Required(ReadString(ref reader), "object name");
        }

        var judged = new PolicyVerdict[Count(ref reader)];
        for (var i = 0; i < judged.Length; i++)
        {
            judged[i] = Verdict(ref reader, out var judgedLength);
            if (judgedLength is { } length)
            {
                if (length < 1 || length >= chain.Length)
                {
                    throw new FormatException($"A verdict judged {length} entries of a chain of {chain.Length}.");
                }

                judged[i] = judged[i] with { JudgedChain = chain[..length] };
            }

            var judgedEntries = judged[i].JudgedChain?.Count ?? chain.Length;
            if (judged[i].Verdict.CulpritIndex >= judgedEntries)
            {
                throw new FormatException(
                    $"A verdict names chain entry {judged[i].Verdict.CulpritIndex} of a chain of {judgedEntries} entries.");
            }
        }

        var operation = new Operation(sessionId, database, seq, command, kind, executor, sessionUser, chain, roles)
        {
            Switch = roleSwitch,
            Copy = copy,
            Objects = objects,
        };
        return new ReplayedOperation(operation, judged);
    }

    private RoleSwitchDetails? Switch(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        Fields(ref reader, ResultFormat.SwitchFields, "role switch");
        return new RoleSwitchDetails(Facts(ref reader), Facts(ref reader), reader.ReadBoolean());
    }

    private CopyDetails? Copy(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        Fields(ref reader, ResultFormat.CopyFields, "COPY");
        return new CopyDetails(reader.ReadBoolean(), reader.ReadBoolean(), Required(ReadString(ref reader), "COPY target"));
    }

    private ChainEntry Entry(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return Reference(entries, reader.ReadInt32(), "chain entry");
        }

        Fields(ref reader, ResultFormat.EntryFields, "chain entry");
        var entry = new ChainEntry(
            Enum<ChainEntryKind>(reader.ReadInt32()),
            Required(ReadString(ref reader), "chain entry's object name"),
            Facts(ref reader),
            reader.ReadInt64(),
            reader.ReadUInt32(),
            ReadString(ref reader),
            reader.ReadBoolean(),
            reader.ReadBoolean(),
            Enum<ChainPhase>(reader.ReadInt32()),
            reader.ReadBoolean(),
            Traits(reader.ReadInt32()),
            reader.ReadBoolean());
        entries.Add(entry);
        return entry;
    }

    private PolicyVerdict Verdict(ref MessagePackReader reader, out int? judgedLength)
    {
        judgedLength = null;
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return Reference(verdicts, reader.ReadInt32(), "verdict");
        }

        Fields(ref reader, ResultFormat.VerdictFields, "verdict");
        var policy = Required(ReadString(ref reader), "policy name");
        var outcome = Enum<Outcome>(reader.ReadInt32());
        var decision = Enum<Decision>(reader.ReadInt32());
        var message = ReadString(ref reader);
        var detail = ReadString(ref reader);
        var hint = ReadString(ref reader);
        int? culprit = reader.TryReadNil() ? null : reader.ReadInt32();
        var rule = ReadString(ref reader);
        judgedLength = reader.TryReadNil() ? null : reader.ReadInt32();
        if (culprit is < 0)
        {
            throw new FormatException($"A verdict names chain entry {culprit}.");
        }

        var verdict = decision switch
        {
            Decision.Allowed when message is null && detail is null && hint is null && culprit is null && rule is null =>
                Policies.Model.Verdict.Allow(),
            Decision.Allowed => throw new FormatException("An allowing verdict carries a message."),
            _ when string.IsNullOrWhiteSpace(message) => throw new FormatException("A blocking or warning verdict has no message."),
            Decision.Blocked => Policies.Model.Verdict.Block(message, detail, hint, culprit, rule),
            _ => Policies.Model.Verdict.Warn(message, detail, hint, culprit, rule),
        };
        // An operation that is reached has its verdict's outcome; one that is not has a counterfactual one, whatever its
        // verdict (SEMANTICS.md): anything else is a verdict no replay gives.
        if (outcome is Outcome.Allowed or Outcome.Blocked or Outcome.Warned && outcome != PolicyVerdict.OutcomeOf(verdict))
        {
            throw new FormatException($"A verdict of decision {decision} has outcome {outcome}.");
        }

        var policyVerdict = new PolicyVerdict(policy, verdict, outcome);
        if (judgedLength is null)
        {
            verdicts.Add(policyVerdict);
        }

        return policyVerdict;
    }

    private RoleCatalog Catalog(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return Reference(catalogs, reader.ReadInt32(), "role catalog");
        }

        var catalog = RoleCatalog.Empty;
        var count = Count(ref reader);
        for (var i = 0; i < count; i++)
        {
            catalog = catalog.With(Facts(ref reader));
        }

        catalogs.Add(catalog);
        return catalog;
    }

    private RoleFacts Facts(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return Reference(facts, reader.ReadInt32(), "role");
        }

        Fields(ref reader, ResultFormat.FactsFields, "role");
        var oid = reader.ReadUInt32();
        var name = ReadString(ref reader);
        var superuser = reader.ReadBoolean();
        var canLogin = reader.ReadBoolean();
        var inherit = reader.ReadBoolean();
        var bypassRowSecurity = reader.ReadBoolean();
        var createRole = reader.ReadBoolean();
        var pairs = Count(ref reader);
        if (pairs % 2 != 0)
        {
            throw new FormatException("A role's memberships are not pairs of a role and its admin option.");
        }

        var memberOf = new RoleMembership[pairs / 2];
        for (var i = 0; i < memberOf.Length; i++)
        {
            memberOf[i] = new RoleMembership(reader.ReadUInt32(), reader.ReadBoolean());
        }

        var role = new RoleFacts(oid, name, superuser, canLogin, inherit, bypassRowSecurity)
        {
            CreateRole = createRole,
            MemberOf = memberOf,
        };
        facts.Add(role);
        return role;
    }

    /// <summary>A string written in full (it joins the table) or as its index in the table; <c>null</c> for nil.</summary>
    private string? ReadString(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            return Reference(strings, reader.ReadInt32(), "string");
        }

        if (reader.TryReadNil())
        {
            return null;
        }

        if (reader.NextMessagePackType != MessagePackType.String)
        {
            throw new FormatException($"A string was expected, found {reader.NextMessagePackType}.");
        }

        var value = reader.ReadString() ?? throw new FormatException("A string was expected.");
        strings.Add(value);
        return value;
    }

    private static T Reference<T>(List<T> table, int index, string what) =>
        index >= 0 && index < table.Count
            ? table[index]
            : throw new FormatException($"A {what} refers to entry {index} of its table, which has {table.Count}.");

    private static string Required(string? value, string what) =>
        value ?? throw new FormatException($"The {what} is missing.");

    private static T Enum<T>(int value)
        where T : struct, Enum =>
        System.Enum.IsDefined(typeof(T), value)
            ? (T)(object)value
            : throw new FormatException($"{value} is not a valid {typeof(T).Name}.");

    private static EntryTraits Traits(int value)
    {
        const int known = (int)(EntryTraits.TypeOutputFunction | EntryTraits.OperatorClass | EntryTraits.ExtensionMember);
        return (value & ~known) == 0 ? (EntryTraits)value : throw new FormatException($"{value} is not a valid set of entry traits.");
    }

    private static void Fields(ref MessagePackReader reader, int expected, string what)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw new FormatException($"A {what} was expected, found {reader.NextMessagePackType}.");
        }

        var count = reader.ReadArrayHeader();
        if (count != expected)
        {
            throw new FormatException($"A {what} has {count} fields instead of {expected}.");
        }
    }

    /// <summary>An array's length, which cannot exceed the bytes that remain (every element takes one at least).</summary>
    private int Count(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        if (count < 0 || count > length - reader.Consumed)
        {
            throw new FormatException("An array declares more elements than bytes remain.");
        }

        return count;
    }
}
