using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>Finds the views that brought a function without a call site into a query.</summary>
/// <remarks>
/// A function entered with location -1 under a planned statement came from a stored definition. Every view in the
/// statement's QueryAnalyzed whose own body calls the function is a candidate; its path runs from the view the query
/// named (parent index -1) down the parent indexes to it. <see cref="OriginPath"/> merges the paths with the other
/// candidates; views keep their place in the view list as identity, so a view referenced twice along the same path
/// counts once and along different paths twice.
/// </remarks>
internal static class ViewAttribution
{
    public static List<IReadOnlyList<PathLink>> Paths(QueryAnalyzed analysis, IReadOnlySet<uint> functionOids, Descriptors descriptors)
    {
        var views = analysis.Views;
        var paths = new List<IReadOnlyList<PathLink>>();
        for (var i = 0; i < views.Count; i++)
        {
            if (!views[i].FunctionOids.Any(functionOids.Contains))
            {
                continue;
            }

            var indexes = PathTo(views, i);
            if (paths.Any(p => p.Select(l => l.Entry.ObjectOid).SequenceEqual(indexes.Select(v => views[v].ViewOid))))
            {
                continue;
            }

            paths.Add(
            [
                .. indexes.Select(index =>
                {
                    var oid = views[index].ViewOid;
                    var view = descriptors.Relation(oid);
                    var entry = new EntryDraft(
                        ChainEntryKind.View, view.Name, view.OwnerOid, analysis.Frame.Seq, ChainPhase.Rewrite, oid, Traits: view.Traits);
                    return new PathLink(new LinkKey(ChainEntryKind.View, index), entry);
                }),
            ]);
        }

        return paths;
    }

    /// <summary>Indexes from the top view down to <paramref name="index"/>; stops at a broken or cyclic parent index.</summary>
    private static List<int> PathTo(IReadOnlyList<ExpandedView> views, int index)
    {
        var path = new List<int>();
        var seen = new HashSet<int>();
        for (var i = index; i >= 0 && i < views.Count && seen.Add(i); i = views[i].ParentIndex)
        {
            path.Add(i);
        }

        path.Reverse();
        return path;
    }
}
