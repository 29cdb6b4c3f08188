using TraceLab.Statistics;

namespace TraceLab.Cli.Commands;

/// <summary>What <c>tracelab shapes</c> lists: the stored shapes narrowed to a role and a database, most operations
/// first (ties by shape text, ordinal), at most a limit.</summary>
internal static class ShapeListing
{
    /// <summary>A shape with the count rows that match the filters.</summary>
    public sealed record Row(string Shape, string Command, long Operations, IReadOnlyList<ShapeCount> Counts);

    public static IReadOnlyList<Row> Select(IEnumerable<ChainShapeStatistics> stored, string? role, string? database, int? limit)
    {
        var rows = stored
            .Select(s => (Shape: s, Counts: s.Counts
                .Where(c => (role is null || c.Role == role) && (database is null || c.Database == database))
                .ToList()))
            .Where(s => s.Counts.Count > 0)
            .Select(s => new Row(s.Shape.Id, s.Shape.Command, s.Counts.Sum(c => c.Operations), s.Counts))
            .OrderByDescending(r => r.Operations)
            .ThenBy(r => r.Shape, StringComparer.Ordinal);
        return limit is { } n ? [.. rows.Take(n)] : [.. rows];
    }
}
