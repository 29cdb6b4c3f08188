using System.Globalization;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Reports;

/// <summary>Which shapes a report lists and how it counts them, the same in every format that shows a shape table.</summary>
/// <remarks>The Replayer orders shapes with those some policy blocked or warned about first (<c>ShapeTally</c>), so
/// listing every one of those, then the most frequent others up to the limit, never hides a shape a policy acted on
/// behind "more shapes are in the JSON report".</remarks>
internal static class ShapeListing
{
    /// <summary>The shapes to list: every shape some policy blocked an operation of or warned about, then the others
    /// in report order, up to <paramref name="maxShapes"/> in all (more only when more were acted on).</summary>
    public static IReadOnlyList<ShapeSummary> Listed(IReadOnlyList<ShapeSummary> shapes, int maxShapes)
    {
        var actedOn = shapes.Count(s => s.Policies.Any(p => p.Blocked > 0 || p.Warned > 0));
        return [.. shapes.Take(Math.Max(maxShapes, actedOn))];
    }

    /// <summary>How many of the shapes a policy blocked an operation of, said as a count of shapes (the summary above
    /// it counts operations): <c>2 of 31 chain shapes had an operation blocked under</c> (the policy follows).</summary>
    public static string BlockedCount(IReadOnlyList<ShapeSummary> shapes, int policy)
    {
        var blocked = shapes.Count(s => policy < s.Policies.Count && s.Policies[policy].Blocked > 0);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{blocked:N0} of {shapes.Count:N0} chain {(shapes.Count == 1 ? "shape" : "shapes")} had an operation blocked under");
    }

    /// <summary>The note under a list that left shapes out.</summary>
    public static string More(int more) =>
        string.Create(CultureInfo.InvariantCulture, $"{more:N0} more {(more == 1 ? "shape is" : "shapes are")} in the JSON report.");
}
