using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>Finds the relations a background process's activity text names (<c>autovacuum: ANALYZE mallory.t_idx</c>).</summary>
internal static class ActivityNames
{
    /// <summary>Whether a background process's activity names the relation, as a whole (qualified) name.</summary>
    public static bool Names(string activity, RelationDescribed relation) =>
        ContainsName(activity, ObjectNames.Relation(relation)) || ContainsName(activity, $"{relation.Schema}.{relation.Name}");

    private static bool ContainsName(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsNamePart(text[at - 1])) && (end == text.Length || !IsNamePart(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' or '.' or '"';
}
