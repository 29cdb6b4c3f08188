using System.Globalization;
using TraceLab.Policies.Language;

namespace TraceLab.Policies.Suggesting;

/// <summary>The policy file of a suggestion: the base policy, renamed, its description saying where it came from, its
/// trust grown, and a comment above each addition naming the recorded operations that need it.</summary>
public static class SuggestedPolicyFile
{
    /// <summary>The suggested policy's definition: <see cref="Suggestion.Policy"/> called <see cref="Suggestion.NameFor"/>
    /// of the base, its description the base's followed by where it was derived from.</summary>
    /// <param name="suggestion">What the suggester found.</param>
    /// <param name="basePolicy">The base policy, as read.</param>
    /// <param name="traffic">The recorded traffic it was derived from, as a phrase: <c>2 recorded sessions (…)</c>.</param>
    public static PolicyDefinition Definition(Suggestion suggestion, PolicyDefinition basePolicy, string traffic)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(basePolicy);
        var source = basePolicy.FileName.StartsWith("catalog:", StringComparison.Ordinal) ? "built in" : $"file \"{basePolicy.FileName}\"";
        var additions = suggestion.Additions.Count == 1 ? "1 trust addition" : $"{suggestion.Additions.Count} trust additions";
        var except = suggestion.Unallowed.Count == 0
            ? ""
            : string.Create(CultureInfo.InvariantCulture,
                $", except {suggestion.Unallowed.Sum(u => u.Operation.Count)} that no trust addition lets through");
        var derivation = $"Suggested by \"tracelab policies suggest\" from policy \"{basePolicy.Name}\" ({source}) and {traffic}: "
                         + $"{additions}, so that it blocks and warns about none of their operations{except}.";
        return suggestion.Policy with
        {
            Name = Suggestion.NameFor(basePolicy.Name),
            Description = $"{basePolicy.Description.Trim()} {derivation}",
        };
    }

    /// <summary>The text of the suggested policy file.</summary>
    public static string Write(Suggestion suggestion, PolicyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var comments = suggestion.Additions.ToDictionary(a => a.Addition, Comment);
        return PolicyWriter.Write(definition, addition => comments.GetValueOrDefault(addition) ?? []);
    }

    /// <summary><c>suggested: needed by 3 recorded operations, among them:</c> and one line per example
    /// (<c>session …, seq 17 (ALTER ROLE)</c>).</summary>
    private static IReadOnlyList<string> Comment(SuggestedAddition addition)
    {
        var count = addition.Count == 1
            ? "needed by 1 recorded operation:"
            : string.Create(CultureInfo.InvariantCulture,
                $"needed by {addition.Count} recorded operations{(addition.Count > addition.Examples.Count ? ", among them" : "")}:");
        return [$"suggested: {count}", .. addition.Examples.Select(e => $"  {e}")];
    }
}
