using System.Text.RegularExpressions;

namespace TraceLab.Scenarios.Parsing;

/// <summary>Which words may name a header role: the runner renames every whole-word occurrence of one, so a name must be
/// a plain lower-case identifier that SQL never uses for anything else.</summary>
internal static partial class RoleNameRules
{
    private static readonly string[] Reserved = ["public", "current_user", "session_user", "current_role", "none"];

    /// <summary>Why <paramref name="name"/> cannot name a header role, or <c>null</c> when it can.</summary>
    public static string? Problem(string name)
    {
        if (!Shape().IsMatch(name))
        {
            return "a role name must be 1 to 31 lower-case letters, digits or underscores, starting with a letter";
        }

        if (Reserved.Contains(name, StringComparer.Ordinal))
        {
            return $"\"{name}\" is a word PostgreSQL gives a meaning of its own";
        }

        return name.StartsWith("pg_", StringComparison.Ordinal) ? "role names starting with \"pg_\" are reserved" : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,30}$")]
    private static partial Regex Shape();
}
