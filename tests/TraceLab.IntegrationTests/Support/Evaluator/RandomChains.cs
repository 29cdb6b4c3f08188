using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.IntegrationTests.Support.Evaluator;

/// <summary>Random operations and chains from a seed, for the differential test of the two policy evaluators.</summary>
/// <remarks>
/// Every entry kind, phase and trait set; owners that are the executor, other roles in the catalogue (superusers or
/// not, with names the generated policies' <c>roles</c> mention or not), roles the catalogue does not know, and oid 0;
/// direct grants, chains of grants through roles with and without INHERIT, grants of unknown roles; candidate,
/// switch and synthetic entries; every operation kind with commands of every category (listed tags in any case and
/// with white space around them, unlisted ones, tags of no category), COPY with and without its details, and objects
/// the generated policies' patterns match or not. Oids come from a small range so that roles meet often.
/// </remarks>
internal sealed class RandomChains(int seed, IReadOnlyList<string> serverTags)
{
    // The generated policies' names (tests/Shared/GeneratedPolicies.cs) and a few they do not mention.
    private static readonly string[] Names =
        ["alice", "bob", "mallory", "Müller", "weird \"role\"", "back\\slash", "*", "carol", "app_owner", "postgres", "ALICE"];

    private static readonly string[] Objects =
    [
        "public.t", "public.", "public.*", "mallory.f_evil(integer)", "mallory.f_evil", "x.secret", ".secret", "secret",
        "ünïcödé.t", "ÜNÏCÖDÉ.t", "Public.t", "mallory.f_evil(integer)x",
    ];

    private static readonly string[] UnlistedCommands =
    [
        "CREATE FROBNICATOR", "alter thing", "DROP  x", "drop", "CREATE", "FROB", "", " ", "ALTERED TABLE", "COPY TO",
        "SELECTS", "EXECUTE", "create\tTABLE", "ALTER *", "*ROLE", "XROLE", "drop function x",
    ];

    private static readonly string[] Padding = [" ", "\t", "\n", "\u00A0", "\u3000", "\u2009", "\u0085", "\r\n "];

    private readonly Random random = new(seed);

    /// <summary>The next random chain.</summary>
    public TestChain Next()
    {
        var roles = Catalogue();
        var executor = random.Next(10) == 0 ? 0u : Oid();
        var kind = (OperationKind)random.Next(4);
        var command = kind switch
        {
            OperationKind.FunctionCall when random.Next(4) != 0 => Operation.FunctionCallCommand,
            OperationKind.RoleSwitch when random.Next(4) != 0 => random.Next(2) == 0 ? "SET ROLE" : "SET SESSION AUTHORIZATION",
            _ => Command(),
        };
        CopyDetails? copy = random.Next(3) == 0 ? null : new CopyDetails(random.Next(2) == 0, random.Next(3) == 0, "public.t");
        var objects = Enumerable.Range(0, random.Next(4)).Select(_ => Objects[random.Next(Objects.Length)]).ToArray();
        var entries = Enumerable.Range(0, random.Next(1, 9)).Select(i => Entry(i, executor)).ToArray();
        return new TestChain(roles, executor, kind, command, copy, objects, entries);
    }

    private TestRole[] Catalogue()
    {
        var count = random.Next(0, 7);
        var oids = Enumerable.Range(0, count).Select(_ => Oid()).Distinct().ToArray();
        return
        [
            .. oids.Select(oid => new TestRole(
                oid,
                Names[random.Next(Names.Length)],
                random.Next(4) == 0,
                random.Next(4) != 0,
                [.. Enumerable.Range(0, random.Next(4)).Select(_ => Oid()).Where(o => o != oid).Distinct()])),
        ];
    }

    private TestEntry Entry(int index, uint executor)
    {
        var kind = index == 0 && random.Next(4) != 0 ? ChainEntryKind.Statement : (ChainEntryKind)random.Next(22);
        var owner = random.Next(10) switch
        {
            0 => 0u,
            1 or 2 or 3 => executor,
            _ => Oid(),
        };
        return new TestEntry(
            kind,
            (ChainPhase)random.Next(9),
            (EntryTraits)(random.Next(3) == 0 ? random.Next(8) : 0),
            random.Next(6) == 0,
            random.Next(4) == 0,
            random.Next(8) == 0,
            owner);
    }

    /// <summary>A role oid from a small range, so the catalogue, the executor and the owners overlap.</summary>
    private uint Oid() => (uint)random.Next(10, 19);

    private string Command()
    {
        var tag = random.Next(10) switch
        {
            0 or 1 or 2 or 3 => CommandCategories.Table[random.Next(CommandCategories.Table.Count)].Key,
            4 or 5 or 6 => serverTags[random.Next(serverTags.Count)],
            7 => UnlistedCommands[random.Next(UnlistedCommands.Length)],
            _ => random.Next(2) == 0 ? "COPY" : "COPY FROM",
        };
        tag = random.Next(4) switch
        {
            0 => tag.ToLowerInvariant(),
            1 => new string([.. tag.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))]),
            _ => tag,
        };
        return random.Next(6) == 0 ? Padding[random.Next(Padding.Length)] + tag + Padding[random.Next(Padding.Length)] : tag;
    }
}
