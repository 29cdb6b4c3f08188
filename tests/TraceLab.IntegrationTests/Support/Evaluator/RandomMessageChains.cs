using TraceLab.Policies.Model;

namespace TraceLab.IntegrationTests.Support.Evaluator;

/// <summary>Random chains for the differential test of the two message renderers: <see cref="RandomChains"/>' operations
/// and chains, with what only messages read.</summary>
/// <remarks>
/// On top of the evaluator's chains (every kind, phase and trait; unknown owners and oid 0; candidate, switch and
/// synthetic entries, the root included): role names that need quoting in YAML or that look like a template's
/// placeholders, object names and commands with quotes, spaces, line breaks, printf directives, unicode letters whose
/// upper case is another length in UTF-8 and characters outside the BMP, empty names (the unnamed prepared statement)
/// and missing commands, seqs up to the largest, inlined functions, function calls whose entry is a function, and runs
/// of adjacent candidates. Its own random numbers come after the evaluator's, so the evaluator's chains for a seed stay
/// what they were.
/// </remarks>
internal sealed class RandomMessageChains(int seed, IReadOnlyList<string> serverTags)
{
    // The generated policies' names come first, so rules that trust by name still meet them.
    private static readonly string[] RoleNames =
    [
        "alice", "bob", "mallory", "Müller", "weird \"role\"", "back\\slash", "*", "carol", "app_owner", "ALICE", "with space",
        "a: b", "- dash", "#hash", "{culprit}", "{executor}", "{command}", "trailing\n", "_under", "x9", "9lives", "", "'single'",
        "[list]", "tab\there", "émile", "ǆ", "null", "true", "%s%d",
    ];

    private static readonly string[] ObjectNames =
    [
        "mallory.v_bait", "mallory.f_evil(integer)", "trg_orders on mallory.t_orders", "default of mallory.t.c",
        "generated column of mallory.t.g", "check constraint c on mallory.t", "rule r on mallory.t", "policy p on mallory.t",
        "domain mallory.positive_int check positive_int_check", "domain a check b check c", " check at the start",
        "index t_idx_expr on mallory.t_idx", "mallory.=(integer, integer)", "p_m", "", "\"Quoted\".\"Name\"", "ünïcödé.t",
        "émile.f()", "ǆ.dz", "ß", "ı", "ſ", "µ", "ɐ turned", "ǅ", "𐐨 deseret", "😀 emoji", "with\nnewline", "{culprit}",
        "a: b # c", "function 16390", "relation 16400", "%s %d %%", "frame 42 (not recorded)", "Ωmega", "ꭰ cherokee",
        "ａ fullwidth",
    ];

    private static readonly string?[] Commands =
        [null, "VACUUM", "autovacuum", "ANALYZE", "ALTER ROLE", "SELECT", "", "élan", "vacuum", "ß", "%s", "ǳ", "REFRESH MATERIALIZED VIEW"];

    private readonly RandomChains chains = new(seed, serverTags);
    private readonly Random random = new(unchecked((seed * 7919) + 1));

    /// <summary>The next random chain.</summary>
    public TestChain Next()
    {
        var chain = chains.Next();
        var roles = chain.Roles.Select(r => random.Next(3) == 0 ? r : r with { Name = Pick(RoleNames) }).ToArray();
        var entries = chain.Entries.Select(Entry).ToArray();
        if (chain.Kind == OperationKind.FunctionCall && random.Next(2) == 0)
        {
            entries[^1] = entries[^1] with { Kind = ChainEntryKind.Function };
        }

        if (random.Next(5) == 0 && entries.Length > 1)
        {
            var first = random.Next(entries.Length - 1);
            var last = Math.Min(entries.Length - 1, first + random.Next(1, 3));
            for (var i = first; i <= last; i++)
            {
                entries[i] = entries[i] with { Candidate = true };
            }
        }

        return chain with { Roles = roles, Entries = entries };
    }

    private TestEntry Entry(TestEntry entry)
    {
        var kind = entry.Kind;
        return entry with
        {
            Name = Pick(ObjectNames),
            Command = kind is ChainEntryKind.Statement or ChainEntryKind.Query or ChainEntryKind.Utility or ChainEntryKind.Maintenance
                      || random.Next(4) == 0
                ? Pick(Commands)
                : null,
            Seq = random.Next(4) switch
            {
                0 => 0,
                1 => long.MaxValue - random.Next(1000),
                _ => random.Next(1, 100_000),
            },
            ObjectOid = random.Next(3) == 0 ? 0u : (uint)random.Next(16384, 70000),
            Inlined = kind == ChainEntryKind.Function ? random.Next(3) == 0 : random.Next(20) == 0,
        };
    }

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];
}
