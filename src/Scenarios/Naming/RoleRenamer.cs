using System.Security.Cryptography;
using System.Text;

namespace TraceLab.Scenarios.Naming;

/// <summary>Gives one scenario run its own role names: every whole-word, case-sensitive occurrence of a header role name
/// becomes <c>&lt;prefix&gt;&lt;role&gt;</c>, and back again in what the run reports.</summary>
/// <remarks>
/// <para>Roles are cluster-wide, so two runs of scenarios that both declare <c>mallory</c> would otherwise share
/// one role. The rename is textual and deliberately blind to SQL syntax: it reaches identifiers, quoted identifiers,
/// string literals, dollar-quoted bodies and EXECUTE strings alike, so a schema named after a role is renamed with it
/// (and <c>"$user"</c> in a search_path keeps working). A word is a maximal run of <c>[A-Za-z0-9_$]</c>, the characters
/// of an unquoted PostgreSQL identifier; <c>$user</c> is therefore one word, and never the role <c>user</c>.</para>
/// </remarks>
public sealed class RoleRenamer
{
    private readonly Dictionary<string, string> forward;
    private readonly Dictionary<string, string> backward;

    /// <summary>A renamer of <paramref name="roles"/> with <paramref name="prefix"/>.</summary>
    public RoleRenamer(string prefix, IEnumerable<string> roles)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
        forward = roles.Distinct(StringComparer.Ordinal).ToDictionary(r => r, r => prefix + r, StringComparer.Ordinal);
        backward = forward.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }

    /// <summary>The prefix of this run: <c>tls_</c>, six random hex digits, <c>_</c>.</summary>
    public string Prefix { get; }

    /// <summary>The scenario database's name: <c>&lt;prefix&gt;db</c>.</summary>
    public string Database => Prefix + "db";

    /// <summary>A renamer with a fresh random prefix.</summary>
    public static RoleRenamer WithRandomPrefix(IEnumerable<string> roles) =>
        new("tls_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant() + "_", roles);

    /// <summary>The run's name of header role <paramref name="role"/>.</summary>
    public string RoleName(string role) => forward[role];

    /// <summary><paramref name="text"/> with every header role name (a whole word) prefixed.</summary>
    public string Rename(string text) => Replace(text, forward);

    /// <summary><paramref name="text"/> with every prefixed role name (a whole word) back to its header name, and every
    /// backend's own temporary schema (<c>pg_temp_7</c>, <c>pg_toast_temp_7</c>) under the name a scenario writes it by,
    /// <c>pg_temp</c> (<c>pg_toast_temp</c>): its number is the slot of whichever backend ran the session, so it differs
    /// from run to run.</summary>
    public string Restore(string text) => Replace(text, backward, restoreTemporarySchemas: true);

    /// <summary><see cref="Restore"/> for optional text.</summary>
    public string? RestoreOrNull(string? text) => text is null ? null : Restore(text);

    /// <summary>Whether <paramref name="c"/> can be part of a word (an unquoted identifier character).</summary>
    public static bool IsWordCharacter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '$';

    /// <summary><c>pg_temp</c> for <c>pg_temp_N</c>, <c>pg_toast_temp</c> for <c>pg_toast_temp_N</c>, else <c>null</c>.</summary>
    private static string? TemporarySchema(ReadOnlySpan<char> word)
    {
        foreach (var schema in (ReadOnlySpan<string>)["pg_temp", "pg_toast_temp"])
        {
            if (word.Length > schema.Length + 1 && word.StartsWith(schema, StringComparison.Ordinal) && word[schema.Length] == '_'
                && word[(schema.Length + 1)..].ContainsAnyExceptInRange('0', '9') is false)
            {
                return schema;
            }
        }

        return null;
    }

    private static string Replace(string text, Dictionary<string, string> names, bool restoreTemporarySchemas = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (names.Count == 0 && !restoreTemporarySchemas)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 64);
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordCharacter(text[i]))
            {
                result.Append(text[i++]);
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordCharacter(text[i]))
            {
                i++;
            }

            var word = text.AsSpan(start, i - start);
            var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(word, out var replacement))
            {
                result.Append(replacement);
            }
            else if (restoreTemporarySchemas && TemporarySchema(word) is { } temporary)
            {
                result.Append(temporary);
            }
            else
            {
                result.Append(word);
            }
        }

        return result.ToString();
    }
}
