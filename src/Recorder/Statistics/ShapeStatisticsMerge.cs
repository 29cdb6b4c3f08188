namespace TraceLab.Statistics;

/// <summary>Adds one session's shape counts to the stored ones.</summary>
/// <remarks>Commutative and associative (sums, minimum, maximum, and the example of the earliest first operation,
/// ties to the smaller session id), so the documents do not depend on the order sessions are counted in.</remarks>
public static class ShapeStatisticsMerge
{
    /// <summary><paramref name="stored"/> (null: a shape not seen before) with <paramref name="added"/> added.</summary>
    public static ChainShapeStatistics Merge(ChainShapeStatistics? stored, ChainShapeStatistics added)
    {
        ArgumentNullException.ThrowIfNull(added);
        if (stored is null)
        {
            return added;
        }

        if (!string.Equals(stored.Id, added.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Cannot merge counts of shape '{added.Id}' into shape '{stored.Id}'.", nameof(added));
        }

        var counts = stored.Counts.ToDictionary(c => (c.Role, c.Database));
        foreach (var count in added.Counts)
        {
            counts[(count.Role, count.Database)] = counts.TryGetValue((count.Role, count.Database), out var old)
                ? Add(old, count)
                : count;
        }

        return stored with
        {
            Operations = stored.Operations + added.Operations,
            Counts = [.. counts.Values.OrderBy(c => c.Role, StringComparer.Ordinal).ThenBy(c => c.Database, StringComparer.Ordinal)],
        };
    }

    private static ShapeCount Add(ShapeCount a, ShapeCount b)
    {
        var example = a.FirstSeenUs != b.FirstSeenUs
            ? (a.FirstSeenUs < b.FirstSeenUs ? a : b).ExampleSession
            : string.CompareOrdinal(a.ExampleSession, b.ExampleSession) <= 0 ? a.ExampleSession : b.ExampleSession;
        return a with
        {
            Operations = a.Operations + b.Operations,
            Sessions = a.Sessions + b.Sessions,
            FirstSeenUs = Math.Min(a.FirstSeenUs, b.FirstSeenUs),
            LastSeenUs = Math.Max(a.LastSeenUs, b.LastSeenUs),
            ExampleSession = example,
        };
    }
}
