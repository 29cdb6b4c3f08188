using System.Text.RegularExpressions;
using TraceLab.Policies.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceLab.Policies.Language;

/// <summary>Reads one policy file into a <see cref="PolicyDefinition"/>, collecting every problem on the way.</summary>
/// <remarks>
/// The file is loaded with YamlDotNet's representation model, so every node keeps the line and column where it starts;
/// the reader then checks it against LANGUAGE.md: every key, operation kind, trust setting, scope, action, entry kind
/// and phase must be one the language knows, required keys must be there, keys and rule names must not repeat, and
/// values must have the right type. It never stops at the first problem: the CLI reports them all at once.
/// </remarks>
internal sealed partial class PolicyReader
{
    private const string Placeholders = "{executor}, {culprit}, {command}";

    private readonly string file;
    private readonly List<PolicyError> errors = [];
    private readonly List<PolicyWarning> warnings = [];

    private PolicyReader(string file) => this.file = file;

    public static (PolicyDefinition? Definition, IReadOnlyList<PolicyError> Errors) Read(string text, string file)
    {
        var reader = new PolicyReader(file);
        var definition = reader.ReadFile(text);
        var errors = reader.errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        var warnings = reader.warnings.OrderBy(w => w.Line).ThenBy(w => w.Column).ToList();
        return (errors.Count == 0 && definition is not null ? definition with { Warnings = warnings } : null, errors);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameSyntax();

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private PolicyDefinition? ReadFile(string text)
    {
        var stream = new YamlStream();
        try
        {
            var parser = new DuplicateKeyFilter(
                new SafeParser(new Parser(new StringReader(text))),
                (mark, key) => Error(mark, $"duplicate key \"{key}\"", "Each key may appear once in a mapping."));
            stream.Load(parser);
        }
        catch (NestingTooDeepException e)
        {
            Error(e.Start, e.Message, "A policy is a few levels deep (rules, a rule, trust, roles); check that the path names a policy file.");
            return null;
        }
        catch (YamlException e)
        {
            // A YamlException of the loader wraps the parser's own; one of SafeParser wraps an exception whose message
            // means nothing to a user ("Operation is not valid due to the current state of the object").
            var reason = (e.InnerException is YamlException inner ? inner.Message : e.Message).TrimEnd('.');
            Error(e.Start, $"invalid YAML: {char.ToLowerInvariant(reason[0])}{reason[1..]}",
                e.InnerException is YamlException or null ? null : "Check that every \"[\", \"{\" and quote before this point is closed.");
            return null;
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            errors.Add(new PolicyError(file, 0, 0, "policy file is empty",
                "A policy file has a name, a description and rules; see \"tracelab policies show permissive\"."));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode.Start,
                $"a policy file holds one YAML document; found {stream.Documents.Count}");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode.Start, "a policy file must be a mapping with the keys name, description, default and rules");
            return null;
        }

        return ReadPolicy(root, text);
    }

    private PolicyDefinition? ReadPolicy(YamlMappingNode root, string text)
    {
        var keys = Keys(root, Vocabulary.TopLevelKeys, "at the top level");
        var name = Required(root, keys, "name", "") is { } nameNode ? Name(nameNode, "policy") : null;
        var description = Required(root, keys, "description", "") is { } descriptionNode ? Text(descriptionNode, "description") : null;
        var defaultAction = keys.TryGetValue("default", out var defaultNode)
            ? Word(defaultNode, "default", Vocabulary.Defaults, "default")
            : PolicyAction.Allow;
        List<RuleDefinition>? rules = null;
        if (Required(root, keys, "rules", "") is { } rulesNode)
        {
            rules = Rules(rulesNode, explicitDefault: keys.ContainsKey("default"));
        }

        return name is null || description is null || defaultAction is null || rules is null
            ? null
            : new PolicyDefinition(name, description, defaultAction.Value, rules, text, file);
    }

    private List<RuleDefinition>? Rules(YamlNode node, bool explicitDefault)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node.Start, $"\"rules\" must be a list of rules, not {Describe(node)}");
            return null;
        }

        if (sequence.Children.Count == 0 && !explicitDefault)
        {
            Error(node.Start, "policy has no rules",
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
            Error(node.Start, $"a rule must be a mapping, not {Describe(node)}");
            return null;
        }

        var keys = Keys(rule, Vocabulary.RuleKeys, "in a rule");
        var name = Required(rule, keys, "name", " in a rule") is { } nameNode ? Name(nameNode, "rule") : null;
        var where = name is null ? " in a rule" : $" in rule \"{name}\"";
        if (name is not null && keys.TryGetValue("name", out var named))
        {
            if (names.TryGetValue(name, out var first))
            {
                Error(named.Start, $"duplicate rule name \"{name}\"", $"The first rule called \"{name}\" is at line {first.Line}; rename one of them.");
            }
            else
            {
                names[name] = named.Start;
            }
        }

        var operations = Required(rule, keys, "operations", where) is { } operationsNode ? Operations(operationsNode) : null;
        var commands = keys.TryGetValue("commands", out var commandsNode) ? Patterns(commandsNode, "commands", "command tag") : null;
        var objects = keys.TryGetValue("objects", out var objectsNode) ? Patterns(objectsNode, "objects", "object name") : null;
        var trust = keys.TryGetValue("trust", out var trustNode) ? Trust(trustNode) : TrustDefinition.Default;
        var scope = keys.TryGetValue("scope", out var scopeNode)
            ? Word(scopeNode, "scope", Vocabulary.Scopes, "scope")
            : TrustScope.WholeChain;
        var when = keys.TryGetValue("when", out var whenNode) ? When(whenNode) : WhenDefinition.Always;
        var action = Required(rule, keys, "action", where) is { } actionNode ? Action(actionNode) : null;
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
        var words = List(node, "operations", "operation kinds");
        if (words is null)
        {
            return null;
        }

        var operations = GuardedOperations.None;
        var failed = false;
        foreach (var word in words)
        {
            var value = Word(word, "operation kind", Vocabulary.Operations, null);
            failed |= value is null;
            operations |= value ?? GuardedOperations.None;
        }

        return failed ? null : operations;
    }

    private List<string>? Patterns(YamlNode node, string key, string what)
    {
        var items = List(node, key, $"{what}s");
        if (items is null)
        {
            return null;
        }

        var patterns = new List<string>();
        var failed = false;
        foreach (var item in items)
        {
            var text = Scalar(item, $"each of \"{key}\"", $"a {what}");
            if (text is { Length: > 0 })
            {
                patterns.Add(text.Trim());
            }
            else
            {
                if (text is not null)
                {
                    Error(item.Start, $"an empty {what} in \"{key}\"");
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
            Error(node.Start, $"\"trust\" must be a mapping of trust settings, not {Describe(node)}");
            return null;
        }

        var keys = Keys(trust, Vocabulary.TrustKeys, "in trust", "trust setting");
        var self = keys.TryGetValue("self", out var selfNode) ? Bool(selfNode, "self") : true;
        var superusers = keys.TryGetValue("superusers", out var superNode) ? Bool(superNode, "superusers") : true;
        var membership = keys.TryGetValue("membership", out var membershipNode)
            ? Word(membershipNode, "membership", Vocabulary.Memberships, "membership")
            : MembershipTrust.None;
        var roles = keys.TryGetValue("roles", out var rolesNode) ? Roles(rolesNode) : new Dictionary<string, IReadOnlyList<string>>();
        TrustedInfrastructure? infrastructure = TrustedInfrastructure.None;
        if (keys.TryGetValue("infrastructure", out var infrastructureNode))
        {
            infrastructure = null;
            if (List(infrastructureNode, "infrastructure", "kinds of infrastructure", allowEmpty: true) is { } words)
            {
                infrastructure = TrustedInfrastructure.None;
                foreach (var word in words)
                {
                    var value = Word(word, "infrastructure", Vocabulary.Infrastructure, null);
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
            Error(node.Start, $"\"roles\" must map role names to lists of role names they trust, not {Describe(node)}");
            return null;
        }

        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var failed = false;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var role = Scalar(keyNode, "a key of \"roles\"", "a role name");
            var trusted = List(valueNode, role is null ? "roles" : $"roles: {role}", "role names", allowEmpty: true);
            var names = trusted?.Select(t => Scalar(t, "a trusted role", "a role name")).ToList();
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
            Error(node.Start, $"\"when\" must be a mapping of conditions, not {Describe(node)}");
            return null;
        }

        var keys = Keys(when, Vocabulary.WhenKeys, "in when", "condition");
        HashSet<ChainEntryKind>? kinds = null;
        var planner = false;
        var failed = false;
        if (keys.TryGetValue("entry-kinds", out var kindsNode))
        {
            failed = true;
            if (List(kindsNode, "entry-kinds", "entry kinds") is { } words)
            {
                kinds = [];
                failed = false;
                foreach (var word in words)
                {
                    var (found, value) = WordOrNull(word, "entry kind", Vocabulary.EntryKinds, null, Vocabulary.OldEntryKinds);
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
            if (List(phasesNode, "phases", "phases") is { } words)
            {
                phases = [];
                foreach (var word in words)
                {
                    if (Word(word, "phase", Vocabulary.Phases, null) is { } phase)
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
            superuser = Bool(superuserNode, "executor-is-superuser");
            failed |= superuser is null;
        }

        return failed ? null : new WhenDefinition(kinds, planner, phases, superuser);
    }

    private PolicyAction? Action(YamlNode node)
    {
        if (node is YamlScalarNode { Value: { } value } && string.Equals(value.Trim(), "allow", StringComparison.Ordinal))
        {
            Error(node.Start, "unrecognized action \"allow\"; expected one of: block, warn",
                "A rule only blocks or warns; operations it does not match get the policy's \"default\".");
            return null;
        }

        return Word(node, "action", Vocabulary.Actions, "action");
    }

    private string? Message(YamlNode node)
    {
        var text = Scalar(node, "\"message\"", "a string");
        if (text is null)
        {
            return null;
        }

        var failed = false;
        foreach (Match match in Placeholder().Matches(text))
        {
            if (match.Value is not ("{executor}" or "{culprit}" or "{command}"))
            {
                Error(node.Start, $"unrecognized placeholder \"{match.Value}\" in message; expected one of: {Placeholders}");
                failed = true;
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            Error(node.Start, "\"message\" must not be empty");
            failed = true;
        }

        return failed ? null : text.Trim();
    }

    /// <summary>The keys of a mapping by name; reports unknown and non-scalar keys.</summary>
    private Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, string[] expected, string where, string what = "key")
    {
        var keys = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode.Start, $"a {what} must be a word, not {Describe(keyNode)}");
                continue;
            }

            if (!expected.Contains(key))
            {
                var suggestion = Suggestions.Closest(key, expected);
                Error(keyNode.Start, $"unrecognized {what} \"{key}\" {where}; expected one of: {string.Join(", ", expected)}",
                    suggestion is null ? null : $"Did you mean \"{suggestion}\"?");
                continue;
            }

            keys[key] = value;
        }

        return keys;
    }

    private YamlNode? Required(YamlMappingNode mapping, Dictionary<string, YamlNode> keys, string key, string where)
    {
        if (keys.TryGetValue(key, out var node))
        {
            if (IsNull(node))
            {
                Error(node.Start, $"\"{key}\" has no value{where}");
                return null;
            }

            return node;
        }

        Error(mapping.Start, $"missing required key \"{key}\"{where}");
        return null;
    }

    private string? Name(YamlNode node, string what)
    {
        var name = Scalar(node, $"the {what} name", "a name");
        if (name is null)
        {
            return null;
        }

        if (!NameSyntax().IsMatch(name))
        {
            var suggestion = NameSuggestion(name);
            Error(node.Start, $"invalid {what} name \"{name}\"; a name has lower case letters, digits and single \"-\" between them",
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

    private string? Text(YamlNode node, string key)
    {
        var text = Scalar(node, $"\"{key}\"", "a string");
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            Error(node.Start, $"\"{key}\" must not be empty");
            return null;
        }

        return text?.Trim();
    }

    private bool? Bool(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } value })
        {
            switch (value)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        Error(node.Start, $"\"{key}\" must be true or false, not {Describe(node)}");
        return null;
    }

    /// <summary>A word from a closed list; <paramref name="key"/> names the key the word is the value of, if any.</summary>
    private T? Word<T>(YamlNode node, string what, (string Name, T Value)[] words, string? key)
        where T : struct
    {
        var found = WordOrNull(node, what, words, key);
        return found.Found ? found.Value : null;
    }

    private (bool Found, T Value) WordOrNull<T>(
        YamlNode node, string what, (string Name, T Value)[] words, string? key, (string Old, string Name)[]? oldSpellings = null)
    {
        var text = Scalar(node, key is null ? $"a {what}" : $"\"{key}\"", $"a {what}");
        if (text is null)
        {
            return (false, default!);
        }

        foreach (var (name, value) in words)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return (true, value);
            }
        }

        foreach (var (old, name) in oldSpellings ?? [])
        {
            if (string.Equals(old, text, StringComparison.Ordinal))
            {
                warnings.Add(new PolicyWarning(
                    file, (int)node.Start.Line, (int)node.Start.Column, $"\"{old}\" is an old spelling",
                    $"Reports and JSON spell this {what} \"{name}\", and so do policy files; the old spelling is still read.",
                    $"Write \"{name}\"."));
                return (true, words.First(w => string.Equals(w.Name, name, StringComparison.Ordinal)).Value);
            }
        }

        var names = words.Select(w => w.Name).ToList();
        var suggestion = Suggestions.Closest(text, names);
        Error(node.Start, $"unrecognized {what} \"{text}\"; expected one of: {string.Join(", ", names)}",
            suggestion is null ? null : $"Did you mean \"{suggestion}\"?");
        return (false, default!);
    }

    private List<YamlNode>? List(YamlNode node, string key, string what, bool allowEmpty = false)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node.Start, $"\"{key}\" must be a list of {what}, not {Describe(node)}",
                node is YamlScalarNode { Value: { Length: > 0 } v } ? $"Write it as a list: [{v}]." : null);
            return null;
        }

        if (sequence.Children.Count == 0 && !allowEmpty)
        {
            Error(node.Start, $"\"{key}\" must list at least one of the {what}");
            return null;
        }

        return [.. sequence.Children];
    }

    private string? Scalar(YamlNode node, string what, string expected)
    {
        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            return scalar.Value ?? "";
        }

        Error(node.Start, $"{what} must be {expected}, not {Describe(node)}");
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode { Value: { } value } => $"\"{value}\"",
        _ => "an alias",
    };

    private void Error(Mark mark, string message, string? hint = null) =>
        errors.Add(new PolicyError(file, (int)mark.Line, (int)mark.Column, message, hint));
}
