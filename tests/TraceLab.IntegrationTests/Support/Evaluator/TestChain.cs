using System.Globalization;
using System.Text;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.IntegrationTests.Support.Evaluator;

/// <summary>One role of a test chain's catalogue: what the recording would have described.</summary>
internal sealed record TestRole(uint Oid, string Name, bool Superuser, bool Inherit, uint[] MemberOf);

/// <summary>One link of a test chain, with its owner by oid (its facts come from the catalogue).</summary>
/// <remarks>Name, command, seq, object oid and inlined matter to messages only; without a name an entry is
/// <c>object N</c>, without a seq its index plus one.</remarks>
internal sealed record TestEntry(
    ChainEntryKind Kind,
    ChainPhase Phase,
    EntryTraits Traits,
    bool Candidate,
    bool Switch,
    bool Synthetic,
    uint Owner,
    string? Name = null,
    string? Command = null,
    long? Seq = null,
    uint ObjectOid = 0,
    bool Inlined = false)
{
    /// <summary>The object name of the entry at <paramref name="index"/>.</summary>
    public string NameAt(int index) => Name ?? string.Create(CultureInfo.InvariantCulture, $"object {index}");

    /// <summary>The seq of the entry at <paramref name="index"/>.</summary>
    public long SeqAt(int index) => Seq ?? index + 1;
}

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
            e.Kind, e.NameAt(i), catalog.Find(e.Owner), e.SeqAt(i), e.ObjectOid, e.Command, e.Candidate, e.Synthetic, e.Phase,
            e.Switch, e.Traits, e.Inlined)).ToArray();
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
        text.Append(CultureInfo.InvariantCulture, $"operation {OperationKindNames.Of(Kind)} command {Quoted(Command)}");
        text.Append(Copy is { } copy ? $" copy from={copy.IsFrom} program={copy.IsProgram}" : " copy -");
        text.Append(CultureInfo.InvariantCulture, $" objects [{string.Join(", ", Objects.Select(o => $"\"{o}\""))}]\n");
        text.Append(CultureInfo.InvariantCulture, $"executor {Executor}\n");
        foreach (var role in Roles)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"role {role.Oid} {Quoted(role.Name)} superuser={role.Superuser} inherit={role.Inherit} member-of [{string.Join(", ", role.MemberOf)}]\n");
        }

        for (var i = 0; i < Entries.Length; i++)
        {
            var e = Entries[i];
            text.Append(CultureInfo.InvariantCulture,
                $"entry {i}: {ChainEntryKindNames.Of(e.Kind)} phase {ChainPhaseNames.Of(e.Phase)} traits {e.Traits} owner {e.Owner}" +
                $"{(e.Candidate ? " candidate" : "")}{(e.Switch ? " switch" : "")}{(e.Synthetic ? " synthetic" : "")}" +
                $"{(e.Inlined ? " inlined" : "")} name {Quoted(e.NameAt(i))} command {(e.Command is { } c ? Quoted(c) : "-")}" +
                $" seq {e.SeqAt(i)} oid {e.ObjectOid}\n");
        }

        return text.ToString();
    }

    /// <summary>A name in quotes, with what would not show escaped as \uXXXX, so the words rebuild the chain.</summary>
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c is '"' or '\\' || char.IsControl(c) || char.IsSurrogate(c) || (char.IsWhiteSpace(c) && c != ' ')
                ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}")
                : c.ToString());
        }

        return quoted.Append('"').ToString();
    }
}
