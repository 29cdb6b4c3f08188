using TraceLab.Policies.Model;
using TraceLab.Scenarios.Format;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceLab.Scenarios.Parsing;

/// <summary>Reads the YAML header of a scenario file into a <see cref="ScenarioHeader"/>; every problem is reported
/// with the file's own line number.</summary>
/// <remarks>Walks YamlDotNet's node tree rather than deserializing into classes, so that an unknown key, a wrong type
/// or a missing field is named with its line, and nothing a scenario author writes ends in a stack trace.</remarks>
internal sealed class HeaderReader(string path, int firstLine)
{
    private static readonly string[] TopKeys = ["title", "pattern", "description", "protected_by", "roles", "reality", "expect"];
    private static readonly string[] RoleKeys = ["login", "superuser", "createdb", "createrole", "bypassrls", "inherit", "member_of"];
    private static readonly string[] RealityKeys = ["query", "expect"];
    private static readonly string[] ExpectationKeys = ["blocked", "warned"];
    private static readonly string[] OperationKeys = ["command", "culprit"];
    private static readonly string[] CulpritKeys = ["kind", "object", "owner", "phase"];

    /// <summary>The header in <paramref name="yaml"/>, whose first line is line <c>firstLine</c> of the file.</summary>
    public ScenarioHeader Read(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw Error(e.Start, "invalid YAML in the header", e.InnerException?.Message ?? e.Message);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's parser throws this for some unterminated flow collections; it carries no position.
            throw ScenarioFormatException.At(path, firstLine, "invalid YAML in the header", e.Message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw ScenarioFormatException.At(path, firstLine, "the header is not a YAML mapping",
                null, "Write \"title:\", \"pattern:\", \"roles:\" and \"expect:\" between \"/*---\" and \"---*/\".");
        }

        CheckKeys(root, TopKeys, "the header");
        var roles = ReadRoles(Required(root, "roles", "the header"));
        return new ScenarioHeader(
            Text(Required(root, "title", "the header"), "title"),
            Text(Required(root, "pattern", "the header"), "pattern"),
            Optional(root, "description") is { } description ? Text(description, "description").Trim() : "",
            roles,
            Optional(root, "reality") is { } reality ? ReadReality(reality) : null,
            ReadExpectations(Required(root, "expect", "the header")))
        {
            ProtectedBy = Optional(root, "protected_by") is { } protectedBy ? Text(protectedBy, "protected_by").Trim() : null,
        };
    }

    private List<RoleDeclaration> ReadRoles(YamlNode node)
    {
        var mapping = Mapping(node, "roles");
        var roles = new List<RoleDeclaration>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            var name = Text(keyNode, "a role name");
            if (RoleNameRules.Problem(name) is { } problem)
            {
                throw Error(keyNode.Start, $"invalid role name \"{name}\"", problem + ".",
                    "Role names are replaced as whole words everywhere in the SQL; see scenarios/FORMAT.md.");
            }

            var attributes = value is YamlScalarNode { Value: null or "" } ? new YamlMappingNode() : Mapping(value, $"role \"{name}\"");
            CheckKeys(attributes, RoleKeys, $"role \"{name}\"");
            roles.Add(new RoleDeclaration(name)
            {
                Login = Flag(attributes, "login", true),
                Superuser = Flag(attributes, "superuser", false),
                CreateDb = Flag(attributes, "createdb", false),
                CreateRole = Flag(attributes, "createrole", false),
                BypassRls = Flag(attributes, "bypassrls", false),
                Inherit = Flag(attributes, "inherit", true),
                MemberOf = Optional(attributes, "member_of") is { } memberOf ? Names(memberOf, "member_of") : [],
            });
        }

        if (roles.Count == 0)
        {
            throw Error(node.Start, "the header declares no roles", null, "Every step runs as a role of \"roles:\".");
        }

        var declared = roles.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            foreach (var group in role.MemberOf.Where(g => !declared.Contains(g)))
            {
                var line = mapping.Children.First(c => ((YamlScalarNode)c.Key).Value == role.Name).Key.Start;
                throw Error(line, $"role \"{role.Name}\" is a member of \"{group}\", which the header does not declare",
                    null, "member_of names other roles of \"roles:\".");
            }
        }

        return roles;
    }

    private RealityCheck ReadReality(YamlNode node)
    {
        var mapping = Mapping(node, "reality");
        CheckKeys(mapping, RealityKeys, "reality");
        return new RealityCheck(Text(Required(mapping, "query", "reality"), "query"), Text(Required(mapping, "expect", "reality"), "expect"));
    }

    private List<PolicyExpectation> ReadExpectations(YamlNode node)
    {
        var expectations = new List<PolicyExpectation>();
        foreach (var (keyNode, value) in Mapping(node, "expect").Children)
        {
            var policy = Text(keyNode, "a policy name");
            if (value is YamlScalarNode scalar)
            {
                if (scalar.Value != "allowed")
                {
                    throw Error(value.Start, $"invalid expectation \"{scalar.Value}\" for policy \"{policy}\"", null,
                        "Write \"allowed\", or a mapping with \"blocked:\" and/or \"warned:\" lists.");
                }

                expectations.Add(new PolicyExpectation(policy, new HashSet<OperationKey>(), new HashSet<OperationKey>()));
                continue;
            }

            var mapping = Mapping(value, $"expect.{policy}");
            CheckKeys(mapping, ExpectationKeys, $"expect.{policy}");
            expectations.Add(new PolicyExpectation(
                policy,
                Operations(Optional(mapping, "blocked"), $"expect.{policy}.blocked"),
                Operations(Optional(mapping, "warned"), $"expect.{policy}.warned")));
        }

        return expectations;
    }

    private HashSet<OperationKey> Operations(YamlNode? node, string where)
    {
        var operations = new HashSet<OperationKey>();
        if (node is null or YamlScalarNode { Value: null or "" })
        {
            return operations;
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node.Start, $"{where} must be a list", null, "Write one \"- command: …\" item per operation.");
        }

        foreach (var item in sequence.Children)
        {
            var mapping = Mapping(item, where);
            CheckKeys(mapping, OperationKeys, where);
            var command = Text(Required(mapping, "command", where), "command");
            CulpritKey? culprit = null;
            if (Optional(mapping, "culprit") is { } culpritNode)
            {
                var c = Mapping(culpritNode, "culprit");
                CheckKeys(c, CulpritKeys, "culprit");
                var kindNode = Required(c, "kind", "culprit");
                var kind = Text(kindNode, "kind");
                if (!ChainEntryKindNames.TryParse(kind, out _))
                {
                    throw Error(kindNode.Start, $"unrecognized culprit kind \"{kind}\"", null,
                        $"Use one of: {string.Join(", ", ChainEntryKindNames.All.Select(ChainEntryKindNames.Of))}.");
                }

                var ownerNode = Required(c, "owner", "culprit");
                var owner = Text(ownerNode, "owner");
                string? phase = null;
                if (Optional(c, "phase") is { } phaseNode)
                {
                    phase = Text(phaseNode, "phase");
                    if (!ChainPhaseNames.TryParse(phase, out _))
                    {
                        throw Error(phaseNode.Start, $"unrecognized culprit phase \"{phase}\"", null,
                            $"Use one of: {string.Join(", ", ChainPhaseNames.All.Select(ChainPhaseNames.Of))}.");
                    }
                }

                culprit = new CulpritKey(kind, Text(Required(c, "object", "culprit"), "object"), owner) { Phase = phase };
            }

            if (!operations.Add(new OperationKey(command, culprit)))
            {
                throw Error(item.Start, $"{where} lists the same operation twice", $"Operation: {new OperationKey(command, culprit)}.",
                    "Expectations compare sets: list each distinct operation once.");
            }
        }

        return operations;
    }

    private List<string> Names(YamlNode node, string where) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(c => Text(c, where))],
        YamlScalarNode scalar => [Text(scalar, where)],
        _ => throw Error(node.Start, $"{where} must be a list of role names", null, null),
    };

    private bool Flag(YamlMappingNode mapping, string key, bool defaultValue)
    {
        if (Optional(mapping, key) is not { } node)
        {
            return defaultValue;
        }

        return node is YamlScalarNode { Value: "true" or "false" } scalar
            ? scalar.Value == "true"
            : throw Error(node.Start, $"{key} must be true or false", null, null);
    }

    private YamlMappingNode Mapping(YamlNode node, string where) =>
        node as YamlMappingNode ?? throw Error(node.Start, $"{where} must be a mapping", null, null);

    private string Text(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } value }
            ? value
            : throw Error(node.Start, $"{what} must be a text value", null, null);

    private YamlNode Required(YamlMappingNode mapping, string key, string where) =>
        Optional(mapping, key) ?? throw Error(mapping.Start, $"{where} has no \"{key}\"", null,
            $"Add \"{key}:\" (scenarios/FORMAT.md lists every field).");

    private static YamlNode? Optional(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private void CheckKeys(YamlMappingNode mapping, string[] allowed, string where)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key.Start, $"unrecognized key \"{name}\" in {where}", null,
                    $"The keys of {where} are: {string.Join(", ", allowed)}.");
            }
        }
    }

    private ScenarioFormatException Error(Mark mark, string problem, string? detail, string? hint = null) =>
        ScenarioFormatException.At(path, checked(firstLine + (int)mark.Line - 1), problem, detail, hint);
}
