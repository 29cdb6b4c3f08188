using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TraceLab.Policies.Model;
using TraceLab.Policies.Suggesting;

namespace TraceLab.Policies.Language;

/// <summary>Writes a policy definition as a policy file that <see cref="PolicyFile"/> reads back to the same definition,
/// with comments above chosen trust entries.</summary>
/// <remarks>
/// <para>
/// Written by hand rather than by YamlDotNet's serializer, which has no place for a comment above one item of a list:
/// the file is small and its grammar fixed, so every line is written in block style, one key or item per line, and a
/// comment (<c>#</c> at the item's indentation) can go above any trust entry. Every value that is not a word of the
/// language is either a plain word (letters, digits, <c>_</c>, <c>.</c>, <c>-</c>, not one of YAML's null and boolean
/// spellings) or a double-quoted scalar with JSON's escapes, which YAML reads the same; descriptions are folded block
/// scalars when that keeps them exact.
/// </para>
/// <para>Every setting is written out, defaults included (<c>self: true</c>, <c>scope: whole-chain</c>), so the file
/// says what the policy does without LANGUAGE.md's defaults at hand.</para>
/// </remarks>
internal static partial class PolicyWriter
{
    private const int Width = 100;

    /// <summary>The policy file of <paramref name="definition"/>.</summary>
    /// <param name="definition">The policy.</param>
    /// <param name="commentsOn">Comment lines to write above the trust entry an addition stands for (each role a role
    /// trusts, each kind of infrastructure); empty for none.</param>
    public static string Write(PolicyDefinition definition, Func<TrustAddition, IReadOnlyList<string>>? commentsOn = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var comments = commentsOn ?? (_ => []);
        var yaml = new StringBuilder();
        yaml.Append("name: ").Append(Scalar(definition.Name)).Append('\n');
        Description(yaml, definition.Description);
        yaml.Append("default: ").Append(Vocabulary.NameOf(Vocabulary.Defaults, definition.Default)).Append('\n');
        if (definition.Rules.Count == 0)
        {
            yaml.Append("rules: []\n");
            return yaml.ToString();
        }

        yaml.Append("rules:\n");
        for (var i = 0; i < definition.Rules.Count; i++)
        {
            Rule(yaml, i, definition.Rules[i], comments);
        }

        return yaml.ToString();
    }

    private static void Rule(StringBuilder yaml, int index, RuleDefinition rule, Func<TrustAddition, IReadOnlyList<string>> comments)
    {
        yaml.Append("  - name: ").Append(Scalar(rule.Name)).Append('\n');
        yaml.Append("    operations: ").Append(Flow(Operations(rule.Operations))).Append('\n');
        if (rule.Commands is { } commands)
        {
            yaml.Append("    commands: ").Append(Flow(commands.Select(Scalar))).Append('\n');
        }

        if (rule.Objects is { } objects)
        {
            yaml.Append("    objects: ").Append(Flow(objects.Select(Scalar))).Append('\n');
        }

        Trust(yaml, index, rule.Trust, comments);
        yaml.Append("    scope: ").Append(Vocabulary.NameOf(Vocabulary.Scopes, rule.Scope)).Append('\n');
        When(yaml, rule.When);
        yaml.Append("    action: ").Append(Vocabulary.NameOf(Vocabulary.Actions, rule.Action)).Append('\n');
        if (rule.Message is { } message)
        {
            yaml.Append("    message: ").Append(Quoted(message)).Append('\n');
        }
    }

    private static void Trust(StringBuilder yaml, int rule, TrustDefinition trust, Func<TrustAddition, IReadOnlyList<string>> comments)
    {
        yaml.Append("    trust:\n");
        yaml.Append("      self: ").Append(Bool(trust.Self)).Append('\n');
        yaml.Append("      superusers: ").Append(Bool(trust.Superusers)).Append('\n');
        yaml.Append("      membership: ").Append(Vocabulary.NameOf(Vocabulary.Memberships, trust.Membership)).Append('\n');
        if (trust.Roles.Count > 0)
        {
            yaml.Append("      roles:\n");
            foreach (var (executor, owners) in trust.Roles)
            {
                yaml.Append("        ").Append(Scalar(executor)).Append(owners.Count == 0 ? ": []\n" : ":\n");
                foreach (var owner in owners)
                {
                    Comments(yaml, "          ", comments(TrustAddition.Role(rule, executor, owner)));
                    yaml.Append("          - ").Append(Scalar(owner)).Append('\n');
                }
            }
        }

        var kinds = Vocabulary.Infrastructure.Where(k => trust.Infrastructure.HasFlag(k.Value)).ToList();
        if (kinds.Count > 0)
        {
            yaml.Append("      infrastructure:\n");
            foreach (var (name, value) in kinds)
            {
                Comments(yaml, "        ", comments(TrustAddition.Kind(rule, value)));
                yaml.Append("        - ").Append(name).Append('\n');
            }
        }
    }

    private static void When(StringBuilder yaml, WhenDefinition when)
    {
        if (when.EntryKinds is null && when.Phases is null && when.ExecutorIsSuperuser is null)
        {
            return;
        }

        yaml.Append("    when:\n");
        if (when.EntryKinds is { } kinds)
        {
            var names = Vocabulary.EntryKinds
                .Where(k => k.Value is { } kind ? kinds.Contains(kind) : when.Planner)
                .Select(k => k.Name);
            yaml.Append("      entry-kinds: ").Append(Flow(names)).Append('\n');
        }

        if (when.Phases is { } phases)
        {
            yaml.Append("      phases: ").Append(Flow(Vocabulary.Phases.Where(p => phases.Contains(p.Value)).Select(p => p.Name))).Append('\n');
        }

        if (when.ExecutorIsSuperuser is { } superuser)
        {
            yaml.Append("      executor-is-superuser: ").Append(Bool(superuser)).Append('\n');
        }
    }

    private static IEnumerable<string> Operations(GuardedOperations operations) =>
        Vocabulary.Operations.Where(o => (operations & o.Value) == o.Value && o.Value != GuardedOperations.None).Select(o => o.Name);

    private static void Comments(StringBuilder yaml, string indent, IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            var text = new string([.. line.ReplaceLineEndings(" ").Select(c => char.IsControl(c) ? ' ' : c)]);
            yaml.Append(indent).Append("# ").Append(text).Append('\n');
        }
    }

    /// <summary>A description as a folded block scalar when its words fold back exactly (single spaces, no line breaks
    /// or tabs), else double-quoted.</summary>
    private static void Description(StringBuilder yaml, string description)
    {
        if (!Foldable().IsMatch(description))
        {
            yaml.Append("description: ").Append(Quoted(description)).Append('\n');
            return;
        }

        yaml.Append("description: >-\n");
        var line = new StringBuilder();
        foreach (var word in description.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > Width - 2)
            {
                yaml.Append("  ").Append(line).Append('\n');
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        yaml.Append("  ").Append(line).Append('\n');
    }

    private static string Flow(IEnumerable<string> items) => $"[{string.Join(", ", items)}]";

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A value as a plain word when YAML reads it back as that same string, else double-quoted.</summary>
    private static string Scalar(string value) =>
        PlainWord().IsMatch(value) && !Reserved.Contains(value) ? value : Quoted(value);

    private static readonly HashSet<string> Reserved =
        new(["null", "true", "false", "yes", "no", "on", "off", "y", "n"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A double-quoted scalar: JSON's escapes, which YAML's double-quoted style reads the same.</summary>
    private static string Quoted(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                // C0, C1 and the two Unicode line separators, which YAML would read as breaks or refuse.
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainWord();

    [GeneratedRegex(@"^[^\s](?:[^\s]| (?! ))*[^\s]$|^[^\s]$", RegexOptions.CultureInvariant)]
    private static partial Regex Foldable();
}
