using System.Globalization;
using System.Text;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.IntegrationTests.Support.Evaluator;

/// <summary>One role of a test chain's catalogue: what the recording would have described.</summary>
internal sealed record TestRole(uint Oid, string Name, bool Superuser, bool Inherit, uint[] MemberOf);

/// <summary>One link of a test chain, with its owner by oid (its facts come from the catalogue).</summary>
internal sealed record TestEntry(ChainEntryKind Kind, ChainPhase Phase, EntryTraits Traits, bool Candidate, bool Switch, bool Synthetic, uint Owner);

/// <summary>An operation as both evaluators see it: the role catalogue, the executor, the command and its flags, the
/// objects and the chain (<see cref="ChainBatch"/> encodes it for the probe, <see cref="ToOperation"/> for C#).</summary>
internal sealed record TestChain(
    TestRole[] Roles,
    uint Executor,
    OperationKind Kind,
    string Command,
    CopyDetails? Copy,
    string[] Objects,
    TestEntry[] Entries)
{
    /// <summary>The operation the replayer would hand the C# evaluator: executor and owners looked up in the catalogue.</summary>
    public Operation ToOperation()
    {
        var catalog = RoleCatalog.Empty;
        foreach (var role in Roles)
        {
            catalog = catalog.With(new RoleFacts(role.Oid, role.Name, role.Superuser, true, role.Inherit, false)
            {
                MemberOf = [.. role.MemberOf.Select(oid => new RoleMembership(oid, false))],
            });
        }

        var executor = catalog.Find(Executor);
        var chain = Entries.Select((e, i) => new ChainEntry(
            e.Kind, $"object {i}", catalog.Find(e.Owner), i + 1, Candidate: e.Candidate, Synthetic: e.Synthetic, Phase: e.Phase,
            PrivilegeSwitch: e.Switch, Traits: e.Traits)).ToArray();
        return new Operation("evaluator-test", null, 1, Command, Kind, executor, executor, chain, catalog)
        {
            Copy = Copy,
            Objects = Objects,
        };
    }

    /// <summary>The chain in words, for a failure message that lets anyone rebuild it.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"operation {OperationKindNames.Of(Kind)} command \"{Command}\"");
        text.Append(Copy is { } copy ? $" copy from={copy.IsFrom} program={copy.IsProgram}" : " copy -");
        text.Append(CultureInfo.InvariantCulture, $" objects [{string.Join(", ", Objects.Select(o => $"\"{o}\""))}]\n");
        text.Append(CultureInfo.InvariantCulture, $"executor {Executor}\n");
        foreach (var role in Roles)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"role {role.Oid} \"{role.Name}\" superuser={role.Superuser} inherit={role.Inherit} member-of [{string.Join(", ", role.MemberOf)}]\n");
        }

        for (var i = 0; i < Entries.Length; i++)
        {
            var e = Entries[i];
            text.Append(CultureInfo.InvariantCulture,
                $"entry {i}: {ChainEntryKindNames.Of(e.Kind)} phase {ChainPhaseNames.Of(e.Phase)} traits {e.Traits} owner {e.Owner}" +
                $"{(e.Candidate ? " candidate" : "")}{(e.Switch ? " switch" : "")}{(e.Synthetic ? " synthetic" : "")}\n");
        }

        return text.ToString();
    }
}
