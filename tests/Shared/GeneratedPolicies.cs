using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceLab.Tests.Shared;

/// <summary>Policy files written from a seed, for the compiled-form tests: every key of the policy language
/// (LANGUAGE.md) with random values, as YAML text read by the real policy reader.</summary>
/// <remarks>Seed 0 uses every key and every optional part at once; the others choose at random. The words are the
/// policy language's, written out here as a policy file would (the fixture is a file's text, not a second
/// vocabulary).</remarks>
internal static class GeneratedPolicies
{
    private static readonly string[] Operations =
        ["function-execution", "ddl", "role", "grant", "dml-write", "dml-read", "role-switch", "copy-program", "maintenance", "any"];

    private static readonly string[] Infrastructure = ["type-output-functions", "operator-classes", "superuser-owned", "extension-members"];

    private static readonly string[] EntryKinds =
    [
        "view", "rule", "policy", "default", "generated_column", "check_constraint", "domain_constraint", "index_expression",
        "index_predicate", "aggregate", "operator", "cast", "type_io", "function", "trigger", "event_trigger", "foreign_key",
        "prepared_statement", "query", "utility", "maintenance", "planner",
    ];

    private static readonly string[] Phases = ["rewrite", "planning", "prepare", "execution", "utility", "maintenance", "commit", "parse"];

    private static readonly string[] Roles = ["alice", "bob", "mallory", "Müller", "weird \"role\"", "back\\slash", "*"];

    private static readonly string[] Commands = ["ALTER *", "CREATE TABLE", "*ROLE", "drop function", "*"];

    private static readonly string[] Objects = ["public.*", "mallory.f_evil(integer)", "*.secret", "ünïcödé.t"];

    /// <summary>The text of policy file number <paramref name="seed"/>.</summary>
    public static string Text(int seed)
    {
        var random = new Random(seed);
        var all = seed == 0;
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"name: generated-{seed}\n");
        yaml.Append(CultureInfo.InvariantCulture,
            $"description: {Quote($"Generated policy {seed}: \"quoted\", back\\slash, tab\t, ünïcödé ✓.")}\n");
        if (all || random.Next(2) == 0)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"default: {Pick(random, ["allow", "warn", "block"])}\n");
        }

        yaml.Append("rules:\n");
        var rules = all ? 3 : random.Next(1, 5);
        for (var i = 0; i < rules; i++)
        {
            Rule(yaml, random, i, all);
        }

        return yaml.ToString();
    }

    private static void Rule(StringBuilder yaml, Random random, int index, bool all)
    {
        yaml.Append(CultureInfo.InvariantCulture, $"  - name: rule-{index}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    operations: {Flow(Subset(random, Operations, 1))}\n");
        if (all || random.Next(3) == 0)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    commands: {Flow(Subset(random, Commands, 1))}\n");
        }

        if (all || random.Next(3) == 0)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    objects: {Flow(Subset(random, Objects, 1))}\n");
        }

        if (all || random.Next(4) != 0)
        {
            yaml.Append("    trust:\n");
            yaml.Append(CultureInfo.InvariantCulture, $"      self: {Bool(random)}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"      superusers: {Bool(random)}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"      membership: {Pick(random, ["none", "direct", "inherited"])}\n");
            if (all || random.Next(2) == 0)
            {
                var executors = Subset(random, Roles, all ? 2 : 0);
                yaml.Append(executors.Count == 0 ? "      roles: {}\n" : "      roles:\n");
                foreach (var executor in executors)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"        {Quote(executor)}: {Flow(Subset(random, Roles[..^1], 0))}\n");
                }
            }

            if (all || random.Next(2) == 0)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      infrastructure: {Flow(Subset(random, Infrastructure, all ? 1 : 0))}\n");
            }
        }

        if (all || random.Next(2) == 0)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    scope: {Pick(random, ["whole-chain", "since-last-switch", "immediate-caller"])}\n");
        }

        var kinds = all || random.Next(2) == 0;
        var phases = all || random.Next(2) == 0;
        var superuser = all || random.Next(2) == 0;
        if (kinds || phases || superuser)
        {
            yaml.Append("    when:\n");
            if (kinds)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      entry-kinds: {Flow(Subset(random, EntryKinds, 1))}\n");
            }

            if (phases)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      phases: {Flow(Subset(random, Phases, 1))}\n");
            }

            if (superuser)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      executor-is-superuser: {Bool(random)}\n");
            }
        }

        yaml.Append(CultureInfo.InvariantCulture, $"    action: {Pick(random, ["block", "warn"])}\n");
        if (all || random.Next(3) == 0)
        {
            yaml.Append(CultureInfo.InvariantCulture,
                $"    message: {Quote($"{{executor}} was led by {{culprit}} into {{command}} ({index}: \"ünï\")")}\n");
        }
    }

    private static List<string> Subset(Random random, string[] words, int atLeast)
    {
        var chosen = words.Where(_ => random.Next(3) == 0).ToList();
        foreach (var word in words)
        {
            if (chosen.Count >= atLeast)
            {
                break;
            }

            if (!chosen.Contains(word))
            {
                chosen.Add(word);
            }
        }

        return chosen;
    }

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];

    private static string Bool(Random random) => random.Next(2) == 0 ? "true" : "false";

    private static string Flow(IEnumerable<string> words) => $"[{string.Join(", ", words.Select(Quote))}]";

    /// <summary>A YAML double-quoted scalar (JSON strings are YAML).</summary>
    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
