using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceLab.Policies.Language;

/// <summary>Loads a YAML file and reads its nodes as typed values, collecting every problem with its line and
/// column instead of stopping at the first.</summary>
/// <remarks>
/// The YAML half of reading a policy file: it knows mappings, lists, scalars, words from a closed list and what
/// each problem of them is called, but nothing of the policy language, which <see cref="PolicyReader"/> states with
/// it. The file is loaded with YamlDotNet's representation model, so every node keeps the line and column where it
/// starts; loading refuses duplicate keys (<see cref="DuplicateKeyFilter"/>) and deep nesting (<see cref="SafeParser"/>).
/// </remarks>
internal sealed class YamlNodeReader(string file)
{
    private readonly List<PolicyError> errors = [];
    private readonly List<PolicyWarning> warnings = [];

    /// <summary>The file as given.</summary>
    public string File => file;

    /// <summary>Every problem found so far, in file order.</summary>
    public IReadOnlyList<PolicyError> Errors => [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];

    /// <summary>Every warning so far, in file order.</summary>
    public IReadOnlyList<PolicyWarning> Warnings => [.. warnings.OrderBy(w => w.Line).ThenBy(w => w.Column)];

    /// <summary>The root node of the one document in <paramref name="text"/>, or null when the text is not YAML
    /// (reported) or holds no document (not reported: what an empty file means is the caller's to say).</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="deepNestingHint">The hint for a file nested deeper than any file of its kind is.</param>
    public YamlNode? Load(string text, string deepNestingHint)
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
            Error(e.Start, e.Message, deepNestingHint);
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
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode.Start,
                $"a policy file holds one YAML document; found {stream.Documents.Count}");
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>Records a problem of the whole file, not of one node.</summary>
    public void FileError(string message, string? hint = null) => errors.Add(new PolicyError(file, 0, 0, message, hint));

    /// <summary>The keys of a mapping by name; reports unknown and non-scalar keys.</summary>
    public Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, string[] expected, string where, string what = "key")
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

    public YamlNode? Required(YamlMappingNode mapping, Dictionary<string, YamlNode> keys, string key, string where)
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

    public string? Text(YamlNode node, string key)
    {
        var text = Scalar(node, $"\"{key}\"", "a string");
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            Error(node.Start, $"\"{key}\" must not be empty");
            return null;
        }

        return text?.Trim();
    }

    public bool? Bool(YamlNode node, string key)
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
    public T? Word<T>(YamlNode node, string what, (string Name, T Value)[] words, string? key)
        where T : struct
    {
        var found = WordOrNull(node, what, words, key);
        return found.Found ? found.Value : null;
    }

    public (bool Found, T Value) WordOrNull<T>(
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

    public List<YamlNode>? List(YamlNode node, string key, string what, bool allowEmpty = false)
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

    public string? Scalar(YamlNode node, string what, string expected)
    {
        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            return scalar.Value ?? "";
        }

        Error(node.Start, $"{what} must be {expected}, not {Describe(node)}");
        return null;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode { Value: { } value } => $"\"{value}\"",
        _ => "an alias",
    };

    public void Error(Mark mark, string message, string? hint = null) =>
        errors.Add(new PolicyError(file, (int)mark.Line, (int)mark.Column, message, hint));
}
