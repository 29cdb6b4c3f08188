using TraceLab.Events;
using TraceLab.Policies;

namespace TraceLab.Replayer.Provenance;

/// <summary>Finds the views that brought a function without a call site into a query.</summary>
/// <remarks>
/// <para>
/// A function entered with location -1 under a planned statement came from a stored definition. Every view in the
/// statement's QueryAnalyzed whose own body calls the function is a candidate; its path runs from the view the query
/// named (parent index -1) down the parent indexes to it. With one candidate the path is inserted as is.
/// </para>
/// <para>
/// With several, the recording cannot tell which one was evaluated, and guessing would let a policy miss an untrusted
/// owner. All candidate paths are inserted (their union, in the order of the view list) and entries that are not on
/// every path are marked as candidates; entries all paths share are certain and stay unmarked. Paths that name the
/// same views (a view referenced twice) count once.
/// </para>
/// </remarks>
internal static class ViewAttribution
{
    public static IReadOnlyList<EntryDraft> Path(QueryAnalyzed analysis, uint functionOid, Descriptors descriptors)
    {
        var views = analysis.Views;
        var paths = new List<List<int>>();
        for (var i = 0; i < views.Count; i++)
        {
            if (!views[i].FunctionOids.Contains(functionOid))
            {
                continue;
            }

            var path = PathTo(views, i);
            if (!paths.Any(p => p.Select(v => views[v].ViewOid).SequenceEqual(path.Select(v => views[v].ViewOid))))
            {
                paths.Add(path);
            }
        }

        if (paths.Count == 0)
        {
            return [];
        }

        var union = paths.SelectMany(p => p).Distinct().Order();
        return
        [
            .. union.Select(index =>
            {
                var view = descriptors.Relation(views[index].ViewOid);
                var certain = paths.All(p => p.Contains(index));
                return new EntryDraft(
                    ChainEntryKind.View, view.Name, view.OwnerOid, analysis.Frame.Seq, views[index].ViewOid,
                    Candidate: !certain);
            }),
        ];
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
