using MessagePack;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Distributed;

/// <summary>Writes one <see cref="SessionReplayResult"/> in the result format (DISTRIBUTED.md), each repeated value
/// once.</summary>
/// <remarks>
/// Operations of one session repeat the same strings, roles, chain entries, verdicts and role catalogs over and over;
/// each is written in full the first time (it then takes the next index of its table) and as that index after. Strings,
/// role facts, chain entries and verdicts are matched by value, catalogs by reference (a catalog has no value equality,
/// and the replay hands every operation between two role descriptors the same one). <see cref="ResultDecoder"/> fills
/// its tables in the same order.
/// </remarks>
internal sealed class ResultEncoder
{
    private readonly Dictionary<string, int> strings = new(StringComparer.Ordinal);
    private readonly Dictionary<RoleFacts, int> facts = [];
    private readonly Dictionary<RoleCatalog, int> catalogs = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ChainEntry, int> entries = [];
    private readonly Dictionary<ChainEntry, int> entriesSeen = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PolicyVerdict, int> verdicts = [];

    public void Write(ref MessagePackWriter writer, SessionReplayResult result)
    {
        writer.WriteArrayHeader(4);
        String(ref writer, result.SessionId);
        String(ref writer, result.Database);
        writer.Write(result.EventsRead);
        writer.WriteArrayHeader(result.Operations.Count);
        foreach (var replayed in result.Operations)
        {
            ArgumentNullException.ThrowIfNull(replayed, nameof(result));
            Operation(ref writer, replayed);
        }
    }

    private void Operation(ref MessagePackWriter writer, ReplayedOperation replayed)
    {
        var operation = replayed.Operation;
        writer.WriteArrayHeader(ResultFormat.OperationFields);
        String(ref writer, operation.SessionId);
        String(ref writer, operation.Database);
        writer.Write(operation.Seq);
        String(ref writer, operation.Command);
        writer.Write((int)operation.Kind);
        Facts(ref writer, operation.Executor);
        Facts(ref writer, operation.SessionUser);
        writer.WriteArrayHeader(operation.Chain.Count);
        foreach (var entry in operation.Chain)
        {
            Entry(ref writer, entry);
        }

        Catalog(ref writer, operation.Roles);
        Switch(ref writer, operation.Switch);
        Copy(ref writer, operation.Copy);
        writer.WriteArrayHeader(operation.Objects.Count);
        foreach (var name in operation.Objects)
        {
            String(ref writer, name);
        }

        writer.WriteArrayHeader(replayed.Verdicts.Count);
        foreach (var verdict in replayed.Verdicts)
        {
            Verdict(ref writer, verdict);
        }
    }

    private void Switch(ref MessagePackWriter writer, RoleSwitchDetails? details)
    {
        if (details is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(ResultFormat.SwitchFields);
        Facts(ref writer, details.SessionUser);
        Facts(ref writer, details.OuterUser);
        writer.Write(details.Local);
    }

    private void Copy(ref MessagePackWriter writer, CopyDetails? copy)
    {
        if (copy is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(ResultFormat.CopyFields);
        writer.Write(copy.IsFrom);
        writer.Write(copy.IsProgram);
        String(ref writer, copy.Target);
    }

    private void Entry(ref MessagePackWriter writer, ChainEntry entry)
    {
        // Operations of one statement share their chain's entries (FrameNode.Chain): asked by reference first, an entry
        // whose object name is a long statement text is hashed once, not once per operation.
        if (entriesSeen.TryGetValue(entry, out var index) || entries.TryGetValue(entry, out index))
        {
            entriesSeen.TryAdd(entry, index);
            writer.Write(index);
            return;
        }

        writer.WriteArrayHeader(ResultFormat.EntryFields);
        writer.Write((int)entry.Kind);
        String(ref writer, entry.ObjectName);
        Facts(ref writer, entry.Owner);
        writer.Write(entry.Seq);
        writer.Write(entry.ObjectOid);
        String(ref writer, entry.Command);
        writer.Write(entry.Candidate);
        writer.Write(entry.Synthetic);
        writer.Write((int)entry.Phase);
        writer.Write(entry.PrivilegeSwitch);
        writer.Write((int)entry.Traits);
        writer.Write(entry.Inlined);
        entriesSeen.Add(entry, entries.Count);
        entries.Add(entry, entries.Count);
    }

    private void Verdict(ref MessagePackWriter writer, PolicyVerdict verdict)
    {
        // A verdict with its own judged chain belongs to its operation: written whole, never in the table.
        var shared = verdict.JudgedChain is null;
        if (shared && verdicts.TryGetValue(verdict, out var index))
        {
            writer.Write(index);
            return;
        }

        var judged = verdict.Verdict;
        writer.WriteArrayHeader(ResultFormat.VerdictFields);
        String(ref writer, verdict.Policy);
        writer.Write((int)verdict.Outcome);
        writer.Write((int)judged.Decision);
        String(ref writer, judged.Message);
        String(ref writer, judged.Detail);
        String(ref writer, judged.Hint);
        if (judged.CulpritIndex is { } culprit)
        {
            writer.Write(culprit);
        }
        else
        {
            writer.WriteNil();
        }

        String(ref writer, judged.Rule);
        if (verdict.JudgedChain is { } chain)
        {
            // Always a prefix of the operation's chain (an EXECUTE judged without its prepared statement).
            writer.Write(chain.Count);
        }
        else
        {
            writer.WriteNil();
        }

        if (shared)
        {
            verdicts.Add(verdict, verdicts.Count);
        }
    }

    private void Catalog(ref MessagePackWriter writer, RoleCatalog catalog)
    {
        if (catalogs.TryGetValue(catalog, out var index))
        {
            writer.Write(index);
            return;
        }

        writer.WriteArrayHeader(catalog.Count);
        foreach (var role in catalog.Roles)
        {
            Facts(ref writer, role);
        }

        catalogs.Add(catalog, catalogs.Count);
    }

    private void Facts(ref MessagePackWriter writer, RoleFacts role)
    {
        if (facts.TryGetValue(role, out var index))
        {
            writer.Write(index);
            return;
        }

        writer.WriteArrayHeader(ResultFormat.FactsFields);
        writer.Write(role.Oid);
        String(ref writer, role.Name);
        writer.Write(role.Superuser);
        writer.Write(role.CanLogin);
        writer.Write(role.Inherit);
        writer.Write(role.BypassRowSecurity);
        writer.Write(role.CreateRole);
        writer.WriteArrayHeader(role.MemberOf.Count * 2);
        foreach (var membership in role.MemberOf)
        {
            writer.Write(membership.RoleOid);
            writer.Write(membership.AdminOption);
        }

        facts.Add(role, facts.Count);
    }

    private void String(ref MessagePackWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNil();
        }
        else if (strings.TryGetValue(value, out var index))
        {
            writer.Write(index);
        }
        else
        {
            writer.Write(value);
            strings.Add(value, strings.Count);
        }
    }
}
