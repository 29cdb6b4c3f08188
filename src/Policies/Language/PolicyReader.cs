using System.Text.RegularExpressions;
using TraceLab.Policies.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceLab.Policies.Language;

/// <summary>Reads one policy file into a <see cref="PolicyDefinition"/>, collecting every problem on the way.</summary>
/// <remarks>
/// The policy-language half of reading a policy file: the schema of LANGUAGE.md, written with the node reader's typed
/// reads (<see cref="YamlNodeReader"/>). Every key, operation kind, trust setting, scope, action, entry kind and phase
/// must be one the language knows, required keys must be there, rule names must not repeat, and values must have the
/// right type. It never stops at the first problem: the CLI reports them all at once.
/// </remarks>
internal sealed partial class PolicyReader
{
    private const string Placeholders = "{executor}, {culprit}, {command}";

    private const string DeepNestingHint =
        "A policy is a few levels deep (rules, a rule, trust, roles); check that the path names a policy file.";

    private readonly YamlNodeReader yaml;

    private PolicyReader(string file) => yaml = new YamlNodeReader(file);

    public static (PolicyDefinition? Definition, IReadOnlyList<PolicyError> Errors) Read(string text, string file)
    {
        var reader = new PolicyReader(file);
        var definition = reader.ReadFile(text);
        var errors = reader.yaml.Errors;
        return (errors.Count == 0 && definition is not null ? definition with { Warnings = reader.yaml.Warnings } : null, errors);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameSyntax();

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private PolicyDefinition? ReadFile(string text)
    {
        var root = yaml.Load(text, DeepNestingHint);
        if (root is null)
        {
            if (yaml.Errors.Count == 0)
            {
                yaml.FileError("policy file is empty",
                    "A policy file has a name, a description and rules; see \"tracelab policies show permissive\".");
            }

            return null;
        }

        if (root is not YamlMappingNode mapping)
        {
            yaml.Error(root.Start, "a policy file must be a mapping with the keys name, description, default and rules");
            return null;
        }

        return ReadPolicy(mapping, text);
    }

    private PolicyDefinition? ReadPolicy(YamlMappingNode root, string text)
    {
        var keys = yaml.Keys(root, Vocabulary.TopLevelKeys, "at the top level");
        var name = yaml.Required(root, keys, "name", "") is { } nameNode ? Name(nameNode, "policy") : null;
        var description = yaml.Required(root, keys, "description", "") is { } descriptionNode
            ? yaml.Text(descriptionNode, "description")
            : null;
        var defaultAction = keys.TryGetValue("default", out var defaultNode)
            ? yaml.Word(defaultNode, "default", Vocabulary.Defaults, "default")
            : PolicyAction.Allow;
        List<RuleDefinition>? rules = null;
        if (yaml.Required(root, keys, "rules", "") is { } rulesNode)
        {
            rules = Rules(rulesNode, explicitDefault: keys.ContainsKey("default"));
        }

        return name is null || description is null || defaultAction is null || rules is null
            ? null
            : new PolicyDefinition(name, description, defaultAction.Value, rules, text, yaml.File);
    }

    private List<RuleDefinition>? Rules(YamlNode node, bool explicitDefault)
    {
        if (node is not YamlSequenceNode sequence)
        {
            yaml.Error(node.Start, $"\"rules\" must be a list of rules, not {YamlNodeReader.Describe(node)}");
            return null;
        }

        if (sequence.Children.Count == 0 && !explicitDefault)
        {
            yaml.Error(node.Start, "policy has no rules",
                "Add a rule, or give the policy an explicit default (\"default: allow\") to decide every operation by it.");
            return null;
        }

        var rules = new List<RuleDefinition>();
        var names = new Dictionary<string, Mark>(StringComparer.Ordinal);
        var failed = false;
        foreach (var child in sequence.Children)
        {
            var rule = Rule(child, names);
            failed |= rule is null;
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }

        return failed ? null : rules;
    }

    private RuleDefinition? Rule(YamlNode node, Dictionary<string, Mark> names)
    {
        if (node is not YamlMappingNode rule)
        {
            yaml.Error(node.Start, $"a rule must be a mapping, not {YamlNodeReader.Describe(node)}");
            return null;
        }

        var keys = yaml.Keys(rule, Vocabulary.RuleKeys, "in a rule");
        var name = yaml.Required(rule, keys, "name", " in a rule") is { } nameNode ? Name(nameNode, "rule") : null;
        var where = name is null ? " in a rule" : $" in rule \"{name}\"";
        if (name is not null && keys.TryGetValue("name", out var named))
        {
            if (names.TryGetValue(name, out var first))
            {
                yaml.Error(named.Start, $"duplicate rule name \"{name}\"",
                    $"The first rule called \"{name}\" is at line {first.Line}; rename one of them.");
            }
            else
            {
                names[name] = named.Start;
            }
        }

        var operations = yaml.Required(rule, keys, "operations", where) is { } operationsNode ? Operations(operationsNode) : null;
        var commands = keys.TryGetValue("commands", out var commandsNode) ? Patterns(commandsNode, "commands", "command tag") : null;
        var objects = keys.TryGetValue("objects", out var objectsNode) ? Patterns(objectsNode, "objects", "object name") : null;
        var trust = keys.TryGetValue("trust", out var trustNode) ? Trust(trustNode) : TrustDefinition.Default;
        var scope = keys.TryGetValue("scope", out var scopeNode)
            ? yaml.Word(scopeNode, "scope", Vocabulary.Scopes, "scope")
            : TrustScope.WholeChain;
        var when = keys.TryGetValue("when", out var whenNode) ? When(whenNode) : WhenDefinition.Always;
        var action = yaml.Required(rule, keys, "action", where) is { } actionNode ? Action(actionNode) : null;
        var message = keys.TryGetValue("message", out var messageNode) ? Message(messageNode) : null;
        var invalid = name is null || operations is null || trust is null || scope is null || when is null || action is null
                      || (commandsNode is not null && commands is null) || (objectsNode is not null && objects is null)
                      || (messageNode is not null && message is null);
        return invalid
            ? null
            : new RuleDefinition(name!, operations!.Value, commands, objects, trust!, scope!.Value, when!, action!.Value, message);
    }

    private GuardedOperations? Operations(YamlNode node)
    {
        var words = yaml.List(node, "operations", "operation kinds");
        if (words is null)
        {
            return null;
        }

        var operations = GuardedOperations.None;
        var failed = false;
        foreach (var word in words)
        {
            var value = yaml.Word(word, "operation kind", Vocabulary.Operations, null);
            failed |= value is null;
            operations |= value ?? GuardedOperations.None;
        }

        return failed ? null : operations;
    }

    private List<string>? Patterns(YamlNode node, string key, string what)
    {
        var items = yaml.List(node, key, $"{what}s");
        if (items is null)
        {
            return null;
        }

        var patterns = new List<string>();
        var failed = false;
        foreach (var item in items)
        {
            var text = yaml.Scalar(item, $"each of \"{key}\"", $"a {what}");
            if (text is { Length: > 0 })
            {
                patterns.Add(text.Trim());
            }
            else
            {
                if (text is not null)
                {
                    yaml.Error(item.Start, $"an empty {what} in \"{key}\"");
                }

                failed = true;
            }
        }

        return failed ? null : patterns;
    }

    private TrustDefinition? Trust(YamlNode node)
    {
        if (node is not YamlMappingNode trust)
        {
            yaml.Error(node.Start, $"\"trust\" must be a mapping of trust settings, not {YamlNodeReader.Describe(node)}");
            return null;
        }

        var keys = yaml.Keys(trust, Vocabulary.TrustKeys, "in trust", "trust setting");
        var self = keys.TryGetValue("self", out var selfNode) ? yaml.Bool(selfNode, "self") : true;
        var superusers = keys.TryGetValue("superusers", out var superNode) ? yaml.Bool(superNode, "superusers") : true;
        var membership = keys.TryGetValue("membership", out var membershipNode)
            ? yaml.Word(membershipNode, "membership", Vocabulary.Memberships, "membership")
            : MembershipTrust.None;
        var roles = keys.TryGetValue("roles", out var rolesNode) ? Roles(rolesNode) : new Dictionary<string, IReadOnlyList<string>>();
        TrustedInfrastructure? infrastructure = TrustedInfrastructure.None;
        if (keys.TryGetValue("infrastructure", out var infrastructureNode))
        {
            infrastructure = null;
            if (yaml.List(infrastructureNode, "infrastructure", "kinds of infrastructure", allowEmpty: true) is { } words)
            {
                infrastructure = TrustedInfrastructure.None;
                foreach (var word in words)
                {
                    var value = yaml.Word(word, "infrastructure", Vocabulary.Infrastructure, null);
                    infrastructure = value is null || infrastructure is null ? null : infrastructure | value;
                }
            }
        }

        return self is null || superusers is null || membership is null || roles is null || infrastructure is null
            ? null
            : new TrustDefinition(self.Value, superusers.Value, membership.Value, roles, infrastructure.Value);
    }

    private Dictionary<string, IReadOnlyList<string>>? Roles(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            yaml.Error(node.Start, $"\"roles\" must map role names to lists of role names they trust, not {YamlNodeReader.Describe(node)}");
            return null;
        }

        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var failed = false;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var role = yaml.Scalar(keyNode, "a key of \"roles\"", "a role name");
            var trusted = yaml.List(valueNode, role is null ? "roles" : $"roles: {role}", "role names", allowEmpty: true);
            var names = trusted?.Select(t => yaml.Scalar(t, "a trusted role", "a role name")).ToList();
            if (role is null || names is null || names.Any(n => n is null))
            {
                failed = true;
                continue;
            }

            roles[role] = [.. names.OfType<string>()];
        }

        return failed ? null : roles;
    }

    private WhenDefinition? When(YamlNode node)
    {
        if (node is not YamlMappingNode when)
        {
            yaml.Error(node.Start, $"\"when\" must be a mapping of conditions, not {YamlNodeReader.Describe(node)}");
            return null;
        }

        var keys = yaml.Keys(when, Vocabulary.WhenKeys, "in when", "condition");
        HashSet<ChainEntryKind>? kinds = null;
        var planner = false;
        var failed = false;
        if (keys.TryGetValue("entry-kinds", out var kindsNode))
        {
            failed = true;
            if (yaml.List(kindsNode, "entry-kinds", "entry kinds") is { } words)
            {
                kinds = [];
                failed = false;
                foreach (var word in words)
                {
                    var (found, value) = yaml.WordOrNull(word, "entry kind", Vocabulary.EntryKinds, null, Vocabulary.OldEntryKinds);
                    if (!found)
                    {
                        failed = true;
                    }
                    else if (value is { } kind)
                    {
                        kinds.Add(kind);
                    }
                    else
                    {
                        planner = true;
                    }
                }
            }
        }

        HashSet<ChainPhase>? phases = null;
        if (keys.TryGetValue("phases", out var phasesNode))
        {
            if (yaml.List(phasesNode, "phases", "phases") is { } words)
            {
                phases = [];
                foreach (var word in words)
                {
                    if (yaml.Word(word, "phase", Vocabulary.Phases, null) is { } phase)
                    {
                        phases.Add(phase);
                    }
                    else
                    {
                        failed = true;
                    }
                }
            }
            else
            {
                failed = true;
            }
        }

        bool? superuser = null;
        if (keys.TryGetValue("executor-is-superuser", out var superuserNode))
        {
            superuser = yaml.Bool(superuserNode, "executor-is-superuser");
            failed |= superuser is null;
        }

        return failed ? null : new WhenDefinition(kinds, planner, phases, superuser);
    }

    private PolicyAction? Action(YamlNode node)
    {
        if (node is YamlScalarNode { Value: { } value } && string.Equals(value.Trim(), "allow", StringComparison.Ordinal))
        {
            yaml.Error(node.Start, "unrecognized action \"allow\"; expected one of: block, warn",
                "A rule only blocks or warns; operations it does not match get the policy's \"default\".");
            return null;
        }

        return yaml.Word(node, "action", Vocabulary.Actions, "action");
    }

    private string? Message(YamlNode node)
    {
        var text = yaml.Scalar(node, "\"message\"", "a string");
        if (text is null)
        {
            return null;
        }

        var failed = false;
        foreach (Match match in Placeholder().Matches(text))
        {
            if (match.Value is not ("{executor}" or "{culprit}" or "{command}"))
            {
                yaml.Error(node.Start, $"unrecognized placeholder \"{match.Value}\" in message; expected one of: {Placeholders}");
                failed = true;
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            yaml.Error(node.Start, "\"message\" must not be empty");
            failed = true;
        }

        return failed ? null : text.Trim();
    }

    private string? Name(YamlNode node, string what)
    {
        var name = yaml.Scalar(node, $"the {what} name", "a name");
        if (name is null)
        {
            return null;
        }

        if (!NameSyntax().IsMatch(name))
        {
            var suggestion = NameSuggestion(name);
            yaml.Error(node.Start, $"invalid {what} name \"{name}\"; a name has lower case letters, digits and single \"-\" between them",
                suggestion is null ? null : $"Call it \"{suggestion}\".");
            return null;
        }

        return name;
    }

    private static string? NameSuggestion(string name)
    {
        var words = Regex.Split(name.ToLowerInvariant(), "[^a-z0-9]+").Where(w => w.Length > 0).ToArray();
        return words.Length == 0 ? null : string.Join('-', words);
    }
}
